// Shared by the Logs view's and the trace waterfall's scripts (loaded before
// them, under the same nonce): `el` builds an element whose text is set with
// textContent only (no event text ever becomes markup), and `virtualList`
// draws only the rows in view of a scrolling box, so 10,000 rows stay smooth.
(function () {
  const OVERSCAN = 20;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /**
   * `box` scrolls; `spacer` (inside it) is as tall as every row and holds the
   * drawn ones; `rowAt(i)` builds row i, which is placed at i * rowHeight.
   */
  function virtualList(box, spacer, rowHeight, rowAt) {
    let count = 0;
    let drawn = { from: -1, to: -1 };
    return {
      /** How many rows there are now; the next draw redraws. */
      setCount(n) {
        count = n;
        spacer.style.height = n * rowHeight + 'px';
        drawn = { from: -1, to: -1 };
      },
      /** Draws the rows in view (again only when they changed, unless `force`). */
      draw(force) {
        const top = box.scrollTop;
        const from = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
        const to = Math.min(count, Math.ceil((top + box.clientHeight) / rowHeight) + OVERSCAN);
        if (!force && from === drawn.from && to === drawn.to) return;
        drawn = { from, to };
        const frag = document.createDocumentFragment();
        for (let i = from; i < to; i++) {
          const r = rowAt(i);
          r.style.top = i * rowHeight + 'px';
          frag.appendChild(r);
        }
        spacer.replaceChildren(frag);
      },
    };
  }

  window.sentryLensDom = Object.freeze({ el, virtualList });
})();
