import { durationMs } from '../../../sentry/records/spanRecord';
import type { StoredSpan } from './storedSpan';

/** One row of a trace's waterfall: a span placed on the trace's time axis. */
export interface WaterfallRow {
  span: StoredSpan;
  /** Nesting under its parent (0 for the root and for orphans). */
  depth: number;
  /** Its parent never arrived: shown at the top level, marked. */
  orphan: boolean;
  /** Milliseconds from the trace's start to the span's start. */
  offsetMs: number;
  /** The span's duration in milliseconds. */
  widthMs: number;
}

export interface Waterfall {
  /** Seconds since the epoch of the earliest span start. */
  startTimestamp: number;
  totalMs: number;
  /** In tree order: each span after its parent, siblings by start time. */
  rows: WaterfallRow[];
  /** The deepest nesting. */
  maxDepth: number;
}

/**
 * Lays out the spans of a trace as a waterfall: roots (spans without a
 * parent) and orphans (a parent that never arrived) at depth 0, each span
 * after its parent, siblings ordered by start. Iterative (a 10,000-deep chain
 * is fine) and linear apart from sorting siblings. A span whose parent chain
 * loops back on itself (a malformed trace) is placed as an orphan.
 */
export function buildWaterfall(spans: Iterable<StoredSpan>): Waterfall {
  const all = Array.isArray(spans) ? (spans as StoredSpan[]) : [...spans];
  const n = all.length;
  if (!n) return { startTimestamp: 0, totalMs: 0, rows: [], maxDepth: 0 };
  const indexOf = new Map<string, number>();
  for (let i = 0; i < n; i++) indexOf.set(all[i]!.spanId, i);
  // Parents as indices (-1: a top), then the children of each parent as slices of one array (CSR).
  const parent = new Int32Array(n);
  const childCount = new Int32Array(n + 1);
  let start = Infinity;
  let end = -Infinity;
  for (let i = 0; i < n; i++) {
    const s = all[i]!;
    if (s.startTimestamp < start) start = s.startTimestamp;
    if (s.timestamp > end) end = s.timestamp;
    const p = s.parentSpanId === null ? undefined : indexOf.get(s.parentSpanId);
    parent[i] = p === undefined || p === i ? -1 : p;
    if (parent[i]! >= 0) childCount[parent[i]!]!++;
  }
  const first = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) first[i + 1] = first[i]! + childCount[i]!;
  const fill = first.slice(0, n);
  const kids = new Int32Array(first[n]!);
  const tops: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p < 0) tops.push(i);
    else kids[fill[p]!++] = i;
  }
  const startOf = (i: number) => all[i]!.startTimestamp;
  const byStart = (a: number, b: number) => startOf(a) - startOf(b);
  const isOrphan = (i: number) => all[i]!.parentSpanId !== null && all[i]!.parentSpanId !== all[i]!.spanId;
  tops.sort((a, b) => Number(isOrphan(a)) - Number(isOrphan(b)) || byStart(a, b));

  const rows: WaterfallRow[] = [];
  const placed = new Uint8Array(n);
  const stack = new Int32Array(n);
  const depthOf = new Int32Array(n);
  let maxDepth = 0;
  const place = (top: number, orphan: boolean) => {
    let sp = 0;
    stack[sp++] = top;
    depthOf[top] = 0;
    while (sp > 0) {
      const i = stack[--sp]!;
      if (placed[i]) continue;
      placed[i] = 1;
      const depth = depthOf[i]!;
      if (depth > maxDepth) maxDepth = depth;
      const s = all[i]!;
      rows.push({ span: s, depth, orphan: i === top && orphan, offsetMs: (s.startTimestamp - start) * 1000, widthMs: durationMs(s) });
      const a = first[i]!;
      const b = first[i + 1]!;
      if (b - a > 1) kids.subarray(a, b).sort(byStart);
      // Pushed last-first so that the earliest child comes out first.
      for (let k = b - 1; k >= a; k--) {
        const c = kids[k]!;
        if (placed[c]) continue;
        depthOf[c] = depth + 1;
        stack[sp++] = c;
      }
    }
  };
  for (const t of tops) place(t, isOrphan(t));
  // What is left sits in a parent cycle: never reached from a top.
  const rest: number[] = [];
  for (let i = 0; i < n; i++) if (!placed[i]) rest.push(i);
  for (const i of rest.sort(byStart)) if (!placed[i]) place(i, true);
  return { startTimestamp: start, totalMs: Math.max(0, (end - start) * 1000), rows, maxDepth };
}
