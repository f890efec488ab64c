// Runs inside the Logs view, after virtualList.js. It draws only the lines in
// view, sets text with textContent only (a log body never becomes markup),
// follows new lines while "Follow" is on (scrolling up turns it off, scrolling
// to the end turns it back on), and posts three messages: ready, filter,
// openTrace.
(function () {
  const vscode = acquireVsCodeApi();
  const { el, virtualList } = window.sentryLensDom;
  const ROW = 20;
  const MAX = 5000;
  const box = document.getElementById('lines');
  const query = document.getElementById('query');
  const level = document.getElementById('level');
  const follow = document.getElementById('follow');
  const count = document.getElementById('count');
  const error = document.getElementById('error');
  const note = document.getElementById('note');
  const spacer = document.createElement('div');
  spacer.className = 'spacer';
  box.appendChild(spacer);
  let lines = [];
  let total = 0;
  let programmatic = false;

  function time(sec) {
    const d = new Date(sec * 1000);
    return isNaN(d.getTime()) ? '' : d.toISOString().slice(11, 23);
  }

  function row(i) {
    // [timestamp (s), level, body, traceId, spanId]
    const l = lines[i];
    const r = el('div', 'line level-' + l[1]);
    r.appendChild(el('span', 'time', time(l[0])));
    r.appendChild(el('span', 'lvl', l[1]));
    const body = el('span', 'body', l[2]);
    body.title = l[2];
    r.appendChild(body);
    if (l[3]) {
      const a = el('a', 'trace', 'trace ' + l[3].slice(0, 8));
      a.href = '#';
      a.title = 'Open trace ' + l[3];
      a.setAttribute('data-trace', l[3]);
      r.appendChild(a);
    }
    return r;
  }

  const list = virtualList(box, spacer, ROW, row);

  /** The lines changed: all of them are drawn again, and the count. */
  function draw() {
    list.setCount(lines.length);
    list.draw(true);
    const n = total > lines.length ? total : lines.length;
    count.textContent = lines.length + (total > lines.length ? ' of ' + total : '') + (n === 1 ? ' line' : ' lines');
  }

  function toEnd() {
    if (!follow.checked) return;
    programmatic = true;
    box.scrollTop = box.scrollHeight;
    draw();
    programmatic = false;
  }

  function send() {
    vscode.postMessage({ type: 'filter', query: query.value, level: level.value });
  }

  let timer;
  query.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(send, 250);
  });
  level.addEventListener('change', send);
  follow.addEventListener('change', toEnd);
  box.addEventListener(
    'scroll',
    () => {
      list.draw(false);
      if (programmatic) return;
      const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - ROW;
      if (follow.checked !== atEnd) follow.checked = atEnd;
    },
    { passive: true },
  );
  window.addEventListener('resize', () => list.draw(true));
  document.addEventListener('click', (ev) => {
    const a = ev.target instanceof Element ? ev.target.closest('a.trace') : null;
    if (!a) return;
    ev.preventDefault();
    vscode.postMessage({ type: 'openTrace', traceId: a.getAttribute('data-trace') });
  });
  window.addEventListener('message', (ev) => {
    const m = ev.data;
    if (!m) return;
    if (m.type === 'logs') {
      if (document.activeElement !== query) query.value = m.query;
      level.value = m.level;
      error.textContent = m.error || '';
      error.style.display = m.error ? '' : 'none';
      note.textContent = m.note || '';
      note.style.display = m.note ? '' : 'none';
      lines = m.lines;
      total = m.total;
      draw();
      toEnd();
    } else if (m.type === 'append') {
      lines = lines.concat(m.lines);
      total += m.lines.length;
      if (lines.length > MAX) lines = lines.slice(lines.length - MAX);
      draw();
      toEnd();
    }
  });
  error.style.display = 'none';
  note.style.display = 'none';
  vscode.postMessage({ type: 'ready' });
})();
