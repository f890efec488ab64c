import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { REPO_ROOT } from '../helpers/paths';

// The house in rooms: every folder of src/ is a room with one concern, small
// enough to name and to read. The layer rule between the top folders is
// ESLint's (eslint.config.mjs); this checks what a lint rule per import cannot:
// that no import circle exists, between files or between rooms, and that no
// room grows past about fifteen files of its own.

const SRC = join(REPO_ROOT, 'src');
const MAX_FILES_PER_ROOM = 15;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const SPEC = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]*)['"]/g;

/** Each file's imports of other files of src/ (static and dynamic, types included). */
function importGraph(files: readonly string[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const f of files) {
    const to = new Set<string>();
    for (const m of readFileSync(f, 'utf8').matchAll(SPEC)) {
      const base = normalize(join(dirname(f), m[1]!));
      const target = [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && p.endsWith('.ts'));
      if (target) to.add(target);
    }
    graph.set(f, to);
  }
  return graph;
}

/** The strongly connected components of more than one node (Tarjan). */
function circles<T>(nodes: Iterable<T>, edges: (n: T) => Iterable<T>): T[][] {
  let next = 0;
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const stack: T[] = [];
  const onStack = new Set<T>();
  const out: T[][] = [];
  const visit = (v: T) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: T[] = [];
      let w: T;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp);
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return out;
}

const roomOf = (f: string) => relative(SRC, dirname(f)).split(sep).join('/') || '.';

describe('architecture: src/ in rooms', () => {
  const files = walk(SRC);
  const graph = importGraph(files);

  it('finds the imports it checks (a sanity check of the scan itself)', () => {
    assert.ok(files.length > 200);
    assert.ok(graph.get(join(SRC, 'shell.ts'))!.size > 10);
  });

  it('has no import circle between files', () => {
    const found = circles(files, (f) => graph.get(f) ?? []).map((c) => c.map((f) => relative(SRC, f)).sort().join(' -> '));
    assert.deepEqual(found, []);
  });

  it('has no import circle between rooms (a room may use its own sub-rooms, never the other way round)', () => {
    const rooms = new Map<string, Set<string>>();
    for (const [f, tos] of graph) {
      const from = roomOf(f);
      for (const t of tos) {
        const to = roomOf(t);
        if (to === from || to.startsWith(`${from}/`) || from === '.') continue;
        if (!rooms.has(from)) rooms.set(from, new Set());
        rooms.get(from)!.add(to);
      }
    }
    const found = circles(new Set(files.map(roomOf)), (r) => rooms.get(r) ?? []).map((c) => c.sort().join(' <-> '));
    assert.deepEqual(found, []);
  });

  it(`keeps every room at ${MAX_FILES_PER_ROOM} source files or fewer`, () => {
    const counts = new Map<string, number>();
    for (const f of files) counts.set(roomOf(f), (counts.get(roomOf(f)) ?? 0) + 1);
    const big = [...counts].filter(([, n]) => n > MAX_FILES_PER_ROOM).map(([r, n]) => `src/${r}: ${n}`);
    assert.deepEqual(big, []);
  });
});
