import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FrameView, viewEvent } from '../../../../src/sentry/event/eventView';
import { FrameResolver } from '../../../../src/source/resolver/frameResolver';
import { bundle, nodeEvent, pythonEvent } from '../sdkEvents';
import { makeTree, removeTree } from '../tempTree';

const framesOf = (event: unknown): FrameView[] => viewEvent(event).exceptions.flatMap((e) => e.frames);

const BILLING = ['def charge(amount):', '    if amount < 0:', '        raise ValueError("negative amount: %d" % amount)', '    return amount', ''].join('\n');
const MAIN = ['from app.billing import charge', 'import sentry_sdk', 'try:', '    charge(-5)', 'except Exception:', '    sentry_sdk.capture_exception()', 'sentry_sdk.flush()', ''].join('\n');
const MATH = ['export function divide(a: number, b: number): number {', '  if (b === 0) throw new RangeError(`cannot divide ${a} by zero`);', '  return a / b;', '}', ''].join('\n');
const APP = ["import { divide } from './util/math';", 'export function main(): number {', '  return divide(1, 0);', '}', ''].join('\n');

/** A readFile that counts the reads of each path (and reads the real file). */
function countingReader(): { readFile: (p: string) => Promise<string>; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    reads,
    readFile: async (p) => {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return readFileSync(p, 'utf8');
    },
  };
}

describe('FrameResolver.resolveMany', function () {
  this.timeout(60_000);
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));
  const tree = (files: Record<string, string>) => {
    const t = makeTree(files, 'sentry-lens-many-');
    trees.push(t);
    return t;
  };

  it('answers, in order, what resolve answers for each frame (real Python and Node SDK events, a bundle with a source map)', async () => {
    const py = tree({ 'app/__init__.py': '', 'app/billing.py': BILLING, 'main.py': MAIN });
    const js = tree({ 'src/util/math.ts': MATH, 'src/app.ts': APP });
    bundle(js, 'src/app.ts', 'dist/bundle.js', 'external');
    const frames = [...framesOf(pythonEvent(py, 'main.py')), ...framesOf(nodeEvent(js, 'dist/bundle.js'))];
    // The same frames again from another machine, and one that no file fits.
    frames.push(...frames.map((f) => ({ ...f, absPath: f.absPath?.replace(py, '/srv/other/checkout') })), { filename: 'nowhere/missing.py', lineno: 3 });
    const roots = [py, js];
    const one = new FrameResolver({ roots, mappings: [] });
    await one.buildIndex();
    const expected = [];
    for (const f of frames) expected.push(await one.resolve(f));
    const many = new FrameResolver({ roots, mappings: [] });
    await many.buildIndex();
    const got = await many.resolveMany(frames);
    assert.deepEqual(got, expected);
    assert.ok(got.some((r) => r.sourceMapped) && got.some((r) => r.file === join(py, 'app/billing.py')) && got.some((r) => r.file === null));
    // Warm: the same answers from memory.
    assert.deepEqual(await many.resolveMany(frames), expected);
  });

  it('reads each file once for its context lines, and again only after a watcher says it changed', async () => {
    const root = tree({ 'app/billing.py': BILLING });
    const { readFile, reads } = countingReader();
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    const frame: FrameView = { absPath: '/srv/app/app/billing.py', filename: 'app/billing.py', lineno: 3, contextLine: '        raise ValueError("negative amount: %d" % amount)' };
    const frames = Array.from({ length: 50 }, (_, i) => ({ ...frame, lineno: i % 2 ? 3 : 4 }));
    const reader = new FrameResolver({ roots: [root], mappings: [], readFile });
    await reader.buildIndex();
    const first = await reader.resolveMany(frames);
    assert.equal(first[0]!.line, 3);
    assert.equal(first[1]!.line, 3);
    assert.equal(first[0]!.movedFrom, 4);
    await reader.resolveMany(frames);
    assert.deepEqual([...reads], [[join(root, 'app/billing.py'), 1]]);

    // The line moved down by two: once told, the resolver reads the file again and finds it.
    writeFileSync(join(root, 'app/billing.py'), `import logging\n\n${BILLING}`);
    assert.equal((await reader.resolve(frame)).line, 3, 'the cached lines stand until a watcher reports the change');
    reader.onFileChanged(join(root, 'app/billing.py'));
    const moved = await reader.resolve(frame);
    assert.equal(moved.line, 5);
    assert.equal(moved.movedFrom, 3);
    assert.equal(reads.get(join(root, 'app/billing.py')), 2);
    assert.equal((await r.resolve(frame)).file, join(root, 'app/billing.py'));
  });

  it('remembers that a path outside the workspace is missing until invalidate says it changed', async () => {
    const root = tree({ 'app/other.py': '' });
    const outside = tree({});
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    const path = join(outside, 'deploy/app/job.py');
    const frame: FrameView = { absPath: path, lineno: 1 };
    assert.equal((await r.resolve(frame)).file, null);
    mkdirSync(join(outside, 'deploy/app'), { recursive: true });
    writeFileSync(path, 'print(1)\n');
    assert.equal((await r.resolve(frame)).file, null, 'the missing folder is remembered: no stat per frame');
    r.invalidate(path);
    const found = await r.resolve(frame);
    assert.equal(found.file, path);
    assert.equal(found.candidates[0]!.reason, 'absolute');
  });

  it('follows files created in the workspace and changed mappings', async () => {
    const root = tree({ 'a/x.py': '' });
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    const frame: FrameView = { absPath: '/app/b/y.py', lineno: 1 };
    assert.equal((await r.resolveMany([frame]))[0]!.file, null);
    writeFileSync(join(root, 'a/y.py'), '');
    r.onFileCreated(join(root, 'a/y.py'));
    assert.equal((await r.resolveMany([frame]))[0]!.file, join(root, 'a/y.py'));
    mkdirSync(join(root, 'b'));
    writeFileSync(join(root, 'b/y.py'), '');
    r.onFileCreated(join(root, 'b/y.py'));
    assert.equal((await r.resolveMany([frame]))[0]!.file, join(root, 'b/y.py'), 'two matching segments now win');
    r.setMappings([{ stackRoot: '/app/', sourceRoot: 'a' }]);
    const mapped = (await r.resolveMany([{ absPath: '/app/y.py', lineno: 1 }]))[0]!;
    assert.equal(mapped.file, join(root, 'a/y.py'));
    assert.equal(mapped.candidates[0]!.reason, 'mapping');
  });

  it('stops when its signal is aborted', async () => {
    const root = tree({ 'a/x.py': '' });
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    const abort = new AbortController();
    abort.abort(new Error('closed'));
    const frames = Array.from({ length: 100 }, (_, i) => ({ absPath: `/srv/app${i}/x.py`, lineno: 1 }));
    await assert.rejects(r.resolveMany(frames, { signal: abort.signal }), /closed/);
  });
});
