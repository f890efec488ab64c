// Runs inside the trace waterfall webview, after virtualList.js. It draws only
// the rows in view (a 10,000-span trace stays smooth), sets text with
// textContent only (no event text ever becomes markup), and posts four
// messages to the extension: ready, openSpan, openError, showLogs.
(function () {
  const vscode = acquireVsCodeApi();
  const { el, virtualList } = window.sentryLensDom;
  const ROW = 22;
  const list = document.getElementById('rows');
  const spacer = document.getElementById('spacer');
  const title = document.getElementById('title');
  const summary = document.getElementById('summary');
  const errors = document.getElementById('errors');
  const logs = document.getElementById('logs');
  let data = { rows: [], totalMs: 0 };

  function duration(ms) {
    if (ms < 1) return ms.toFixed(2) + ' ms';
    if (ms < 1000) return Math.round(ms) + ' ms';
    return (ms / 1000).toFixed(2) + ' s';
  }

  function row(i) {
    // [depth, offsetMs, widthMs, op, name, status, orphan, hasCode]
    const r = data.rows[i];
    const line = el('div', 'row' + (r[5] && r[5] !== 'ok' ? ' failed' : '') + (r[7] ? ' code' : ''));
    line.setAttribute('data-index', String(i));
    line.setAttribute('role', 'row');
    const label = el('div', 'label');
    label.style.paddingLeft = 6 + Math.min(r[0], 40) * 12 + 'px';
    if (r[6]) label.appendChild(el('span', 'orphan', 'orphan '));
    label.appendChild(el('span', 'op', r[3] || 'span'));
    label.appendChild(el('span', 'name', ' ' + r[4]));
    label.title = (r[3] || 'span') + ' ' + r[4] + (r[6] ? ' (its parent never arrived)' : '') + (r[7] ? ' (opens its code)' : '');
    const lane = el('div', 'lane');
    const total = data.totalMs || 1;
    const bar = el('div', 'bar');
    bar.style.left = (100 * r[1]) / total + '%';
    bar.style.width = Math.max(0.2, (100 * r[2]) / total) + '%';
    lane.appendChild(bar);
    lane.appendChild(el('span', 'dur', duration(r[2]) + (r[5] && r[5] !== 'ok' ? ' · ' + r[5] : '')));
    line.appendChild(label);
    line.appendChild(lane);
    return line;
  }

  const rows = virtualList(list, spacer, ROW, row);

  function render(msg) {
    data = msg;
    title.textContent = msg.title;
    summary.textContent = msg.summary;
    rows.setCount(msg.rows.length);
    errors.replaceChildren();
    for (const e of msg.errors) {
      const a = el('a', 'error-link level-' + e.level, e.title);
      a.href = '#';
      a.setAttribute('data-error', e.id);
      errors.appendChild(a);
    }
    logs.textContent = msg.logs ? msg.logs + (msg.logs === 1 ? ' log line' : ' log lines') + ' in this trace' : '';
    logs.style.display = msg.logs ? '' : 'none';
    rows.draw(true);
  }

  list.addEventListener('scroll', () => rows.draw(false), { passive: true });
  window.addEventListener('resize', () => rows.draw(true));
  document.addEventListener('click', (ev) => {
    const t = ev.target instanceof Element ? ev.target : null;
    if (!t) return;
    const err = t.closest('a.error-link');
    if (err) {
      ev.preventDefault();
      vscode.postMessage({ type: 'openError', id: err.getAttribute('data-error') });
      return;
    }
    if (t.closest('#logs')) {
      ev.preventDefault();
      vscode.postMessage({ type: 'showLogs' });
      return;
    }
    const r = t.closest('.row');
    if (r) vscode.postMessage({ type: 'openSpan', index: Number(r.getAttribute('data-index')) });
  });
  window.addEventListener('message', (ev) => {
    if (ev.data && ev.data.type === 'trace') render(ev.data);
  });
  vscode.postMessage({ type: 'ready' });
})();
