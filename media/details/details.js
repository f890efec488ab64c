// Runs inside the event details webview. It only posts messages to the
// extension: open a frame, copy the event as JSON, debug the event. No event text is ever
// turned into markup here.
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', (ev) => {
    const target = ev.target instanceof Element ? ev.target.closest('a.frame-link') : null;
    if (target) {
      ev.preventDefault();
      vscode.postMessage({
        type: 'openFrame',
        exception: Number(target.getAttribute('data-exception')),
        frame: Number(target.getAttribute('data-frame')),
      });
    }
  });
  const copy = document.getElementById('copy-json');
  if (copy) copy.addEventListener('click', () => vscode.postMessage({ type: 'copyJson' }));
  const debug = document.getElementById('debug-event');
  if (debug) debug.addEventListener('click', () => vscode.postMessage({ type: 'debugEvent' }));
})();
