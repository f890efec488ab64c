import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FrameView, viewEvent } from '../../../../src/sentry/event/eventView';
import { explainResolution } from '../../../../src/source/resolver/explainResolution';
import { FrameResolver, type Resolution } from '../../../../src/source/resolver/frameResolver';
import { bundle, nodeEvent, pythonEvent } from '../sdkEvents';
import { FIXTURES, makeTree, removeTree, writeTree } from '../tempTree';

const framesOf = (event: unknown): FrameView[] => viewEvent(event).exceptions.flatMap((e) => e.frames);
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const chosen = (r: Resolution) => r.candidates.filter((c) => c.chosen);

const BILLING = ['def charge(amount):', '    if amount < 0:', '        raise ValueError("negative amount: %d" % amount)', '    return amount', ''].join('\n');
const PY_MAIN = ['from app.services.billing import charge', 'import sentry_sdk', 'try:', '    charge(-5)', 'except Exception:', '    sentry_sdk.capture_exception()', 'sentry_sdk.flush()', ''].join('\n');

describe('FrameResolver over a real Python SDK event', function () {
  this.timeout(30_000);
  const trees: string[] = [];
  let event: Record<string, unknown>;
  let origin: string;
  let billingFrame: FrameView;

  before(() => {
    origin = makeTree({ 'app/__init__.py': '', 'app/services/__init__.py': '', 'app/services/billing.py': BILLING, 'main.py': PY_MAIN }, 'sentry-lens-py-');
    trees.push(origin);
    event = pythonEvent(origin, 'main.py');
    billingFrame = framesOf(event).find((f) => f.function === 'charge')!;
    assert.ok(billingFrame, 'the SDK reported the raising frame');
  });
  after(() => trees.forEach(removeTree));

  /** A checkout of the same code elsewhere ("another machine"), with extra decoys. */
  function checkout(extra: Record<string, string> = {}): string {
    const root = makeTree({ 'app/services/billing.py': BILLING, 'main.py': PY_MAIN, 'other/billing.py': BILLING, ...extra }, 'sentry-lens-checkout-');
    trees.push(root);
    return root;
  }

  it('opens the absolute path when it exists here', async () => {
    const r = new FrameResolver({ roots: [origin], mappings: [] });
    await r.buildIndex();
    const res = await r.resolve(billingFrame, { platform: 'python' });
    assert.equal(res.file, join(origin, 'app/services/billing.py'));
    assert.equal(res.line, lineOf(BILLING, 'raise ValueError'));
    assert.equal(chosen(res)[0]!.reason, 'absolute');
    assert.equal(res.warning, undefined);
  });

  it('gives a Python frame (no column recorded) the first non-blank column of its line, wherever it opens', async () => {
    assert.equal(billingFrame.colno, undefined, 'the Python SDK records no column');
    const r = new FrameResolver({ roots: [origin], mappings: [] });
    await r.buildIndex();
    const res = await r.resolve(billingFrame, { platform: 'python' });
    assert.equal(res.column, 9, 'the "raise" of `        raise ValueError(...)`');
    const noContext = await r.resolve({ ...billingFrame, contextLine: undefined, preContext: undefined, postContext: undefined }, { platform: 'python' });
    assert.equal(noContext.column, 9);
    const recorded = await r.resolve({ ...billingFrame, colno: 15 }, { platform: 'python' });
    assert.equal(recorded.column, 15, 'a recorded column wins');
  });

  it("finds the file in another checkout by the longest path suffix (the event's paths don't exist here)", async () => {
    const root = checkout();
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    const frame = { ...billingFrame, absPath: billingFrame.absPath!.replace(origin, '/srv/deploy/current') };
    const res = await r.resolve(frame);
    assert.equal(res.file, join(root, 'app/services/billing.py'));
    const c = res.candidates;
    assert.deepEqual(c.map((x) => [x.reason, x.chosen]), [['absolute', false], ['suffix', true], ['suffix', false]]);
    assert.equal(c[1]!.score, 3);
    assert.match(c[2]!.rejected ?? '', /fewer matching path segments \(1 vs 3\)/);
    assert.match(explainResolution(frame, res), /✓ .*app\/services\/billing\.py \(suffix, 3 segments\) chosen/);
  });

  it('applies code mappings: most specific first, the same stack root twice (first existing file wins)', async () => {
    const root = checkout({ 'backend/readme.txt': '', 'shared/app/services/billing.py': BILLING });
    const r = new FrameResolver({
      roots: [root],
      mappings: [
        { stackRoot: '/srv/', sourceRoot: 'nowhere' },
        { stackRoot: '/srv/deploy/current/', sourceRoot: 'backend' },
        { stackRoot: '/srv/deploy/current/', sourceRoot: 'shared' },
      ],
    });
    await r.buildIndex();
    const frame = { ...billingFrame, absPath: billingFrame.absPath!.replace(origin, '/srv/deploy/current') };
    const res = await r.resolve(frame);
    assert.equal(res.file, join(root, 'shared/app/services/billing.py'));
    assert.deepEqual(
      res.candidates.map((c) => [c.path, c.chosen]),
      [
        [join(root, 'backend/app/services/billing.py'), false],
        [join(root, 'shared/app/services/billing.py'), true],
        [join(root, 'nowhere/deploy/current/app/services/billing.py'), false],
      ],
    );
    assert.match(res.candidates[0]!.rejected ?? '', /no such file \(mapping \/srv\/deploy\/current\/ -> backend\)/);
    // Changing the mappings takes effect at once.
    r.setMappings([]);
    assert.equal(chosen(await r.resolve(frame))[0]!.reason, 'suffix');
  });

  it('finds a line that moved after the event and says so; warns when it is gone', async () => {
    const root = checkout();
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    const frame = { ...billingFrame, absPath: '/elsewhere/app/services/billing.py' };
    const file = join(root, 'app/services/billing.py');
    assert.equal((await r.resolve(frame)).line, 3);
    writeFileSync(file, `import logging\n\nlog = logging.getLogger(__name__)\n\n${BILLING}`);
    r.onFileChanged(file);
    const moved = await r.resolve(frame);
    assert.equal(moved.line, 7);
    assert.equal(moved.movedFrom, 3);
    assert.equal(moved.note, 'the file changed since this event: line 3 is now 7');
    writeFileSync(file, BILLING.replace('raise ValueError', 'raise TypeError'));
    r.onFileChanged(file);
    const gone = await r.resolve(frame);
    assert.equal(gone.line, 3);
    assert.equal(gone.movedFrom, undefined);
    assert.match(gone.warning ?? '', /differs from the event's/);
  });

  it('lists the candidates and returns no file when nothing fits', async () => {
    const root = makeTree({ 'unrelated.py': '' });
    trees.push(root);
    const r = new FrameResolver({ roots: [root], mappings: [{ stackRoot: '/srv/', sourceRoot: 'src' }] });
    await r.buildIndex();
    const frame = { ...billingFrame, absPath: '/srv/app/services/billing.py' };
    const res = await r.resolve(frame);
    assert.equal(res.file, null);
    assert.equal(res.line, billingFrame.lineno);
    assert.deepEqual(res.candidates.map((c) => [c.reason, c.chosen]), [['mapping', false], ['absolute', false]]);
    assert.match(res.warning ?? '', /no local file for \/srv\/app\/services\/billing\.py: 2 candidates tried; add a code mapping/);
    assert.match(explainResolution(frame, res), /-> no local file/);
  });

  /** An indexed root with no code in it yet, and the billing frame as a server reported it. */
  async function watchedEmptyRoot(): Promise<{ root: string; r: FrameResolver; frame: FrameView }> {
    const root = makeTree({ 'readme.md': '' });
    trees.push(root);
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    return { root, r, frame: { ...billingFrame, absPath: '/srv/app/services/billing.py' } };
  }

  it('follows files a watcher reports created and deleted', async () => {
    const { root, r, frame } = await watchedEmptyRoot();
    assert.equal((await r.resolve(frame)).file, null);
    writeTree(root, { 'app/services/billing.py': BILLING });
    r.onFileCreated(join(root, 'app/services/billing.py'));
    assert.equal((await r.resolve(frame)).file, join(root, 'app/services/billing.py'));
    rmSync(join(root, 'app'), { recursive: true });
    r.onFileDeleted(join(root, 'app'));
    assert.equal((await r.resolve(frame)).file, null);
  });

  it('finds the files of a folder a watcher reports created without listing them', async () => {
    const { root, r, frame } = await watchedEmptyRoot();
    assert.equal((await r.resolve(frame)).file, null);
    // A folder copied in one go: the watcher may name only `app`, its files written before it was watched.
    writeTree(root, { 'app/services/billing.py': BILLING, 'app/node_modules/x/billing.py': BILLING });
    r.onFileCreated(join(root, 'app'));
    const res = await r.resolve(frame);
    assert.equal(res.file, join(root, 'app/services/billing.py'));
    assert.deepEqual(chosen(res).map((c) => c.path), [join(root, 'app/services/billing.py')], 'the ignored node_modules copy is not indexed');
    assert.equal(r.indexedFiles, 2, 'the folder itself is not taken for a file');
  });

  it('indexes again when a created folder holds more files than a walk should take', async () => {
    const { root, r, frame } = await watchedEmptyRoot();
    const many: Record<string, string> = { 'big/app/services/billing.py': BILLING };
    for (let i = 0; i < 10_001; i++) many[`big/f${i}.txt`] = '';
    writeTree(root, many);
    r.onFileCreated(join(root, 'big'));
    const deadline = Date.now() + 20_000;
    while (r.indexedFiles < 10_003 && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 20));
    assert.equal(r.indexedFiles, 10_003);
    assert.equal((await r.resolve(frame)).file, join(root, 'big/app/services/billing.py'));
  });

  it("does not send a library frame to a workspace file that merely shares its name", async () => {
    const root = checkout({ 'json/decoder.py': '', 'lib/threading.py': '' });
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    const res = await r.resolve({ absPath: '/usr/lib/python3.11/decoder.py', filename: 'decoder.py', module: 'json.decoder', lineno: 3, inApp: false });
    // The module (json.decoder) matches json/decoder.py by two segments, so it is chosen by module.
    assert.equal(chosen(res)[0]?.reason, 'module');
    const lib = await r.resolve({ absPath: '/opt/nowhere/python3.99/threading.py', filename: 'threading.py', lineno: 3, inApp: false });
    assert.equal(lib.file, null);
    assert.match(lib.candidates.find((c) => c.reason === 'suffix')?.rejected ?? '', /only the file name matches and the frame is not in-app/);
    // An in-app frame with the same name is taken (the workspace may be laid out differently from the server).
    const app = await r.resolve({ absPath: '/opt/nowhere/python3.99/threading.py', filename: 'threading.py', lineno: 3, inApp: true });
    assert.equal(app.file, join(root, 'lib/threading.py'));
  });
});

describe('FrameResolver for dependency frames', () => {
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));

  it('looks for node_modules and site-packages frames in the workspace folders, which the index skips', async () => {
    const root = makeTree({
      'node_modules/express/lib/router/index.js': 'a\nb\n  next();\n',
      '.venv/lib/python3.12/site-packages/requests/api.py': 'x\n    return session.request(method=method, url=url, **kwargs)\n',
      'src/index.js': '',
    });
    trees.push(root);
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    const js = await r.resolve({ absPath: '/app/node_modules/express/lib/router/index.js', lineno: 3, contextLine: 'next();', inApp: false });
    assert.equal(js.file, join(root, 'node_modules/express/lib/router/index.js'));
    assert.equal(js.line, 3);
    const py = await r.resolve({ absPath: '/usr/lib/python3/dist-packages/requests/api.py', lineno: 2, contextLine: 'return session.request(method=method, url=url, **kwargs)', inApp: false });
    assert.equal(py.file, join(root, '.venv/lib/python3.12/site-packages/requests/api.py'));
    assert.equal(py.warning, undefined);
    const missing = await r.resolve({ absPath: '/app/node_modules/left-pad/index.js', lineno: 1, inApp: false });
    assert.equal(missing.file, null);
    assert.match(missing.candidates[1]?.rejected ?? '', /no such file in node_modules/);
  });
});

describe('FrameResolver over Sentry sample events', () => {
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));

  it('lists the best five candidates and counts the rest', async () => {
    const files: Record<string, string> = { 'web/app/utils.py': '' };
    for (let i = 0; i < 8; i++) files[`pkg${i}/utils.py`] = '';
    const root = makeTree(files);
    trees.push(root);
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    const frame = { absPath: '/srv/app/utils.py', lineno: 1, inApp: true };
    const res = await r.resolve(frame);
    assert.equal(res.file, join(root, 'web/app/utils.py'));
    assert.equal(res.candidates.length, 1 + 5);
    assert.equal(res.unlisted, 4);
    assert.match(explainResolution(frame, res), /… and 4 more files with this name/);
  });

  it('python-modern.json: /Users/user/test/main.py -> test/main.py by suffix, context line checked', async () => {
    const event = JSON.parse(readFileSync(join(FIXTURES, 'samples/python-modern.json'), 'utf8'));
    const frames = framesOf(event).filter((f) => f.absPath === '/Users/user/test/main.py');
    assert.ok(frames.length > 0);
    const lines = Array.from({ length: 30 }, (_, i) => `# line ${i + 1}`);
    for (const f of frames) lines[f.lineno! - 1] = f.contextLine!;
    const root = makeTree({ 'test/main.py': lines.join('\n'), 'other/main.py': lines.join('\n') });
    trees.push(root);
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    for (const f of frames) {
      const res = await r.resolve(f, { platform: 'python' });
      assert.equal(res.file, join(root, 'test/main.py'));
      assert.equal(res.line, f.lineno);
      assert.equal(res.warning, undefined);
    }
  });

  it('java.json: basename-only frames are placed by their package (module), JDK frames stay unresolved', async () => {
    const event = JSON.parse(readFileSync(join(FIXTURES, 'samples/java.json'), 'utf8'));
    const frames = framesOf(event);
    const sidebar = frames.find((f) => f.module === 'io.sentry.example.Sidebar')!;
    assert.equal(sidebar.filename, 'Sidebar.java');
    const root = makeTree({
      'src/main/java/io/sentry/example/Sidebar.java': 'class Sidebar {}\n'.repeat(20),
      'src/main/java/io/sentry/other/Sidebar.java': 'class Sidebar {}\n'.repeat(20),
      'legacy/Sidebar.java': '',
    });
    trees.push(root);
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    const res = await r.resolve(sidebar, { platform: 'java' });
    assert.equal(res.file, join(root, 'src/main/java/io/sentry/example/Sidebar.java'));
    assert.equal(chosen(res)[0]!.reason, 'module');
    assert.equal(chosen(res)[0]!.score, 4);
    assert.equal(res.line, sidebar.lineno);
    const thread = frames.find((f) => f.module === 'java.lang.Thread')!;
    const lib = await r.resolve(thread, { platform: 'java' });
    assert.equal(lib.file, null);
    assert.equal(lib.warning, 'no local file for Thread.java (a library frame)');
  });

  it('Spotlight React envelope: webpack-internal:///../../ paths find the package file; <anonymous> frames are skipped', async () => {
    const lines = readFileSync(join(FIXTURES, 'envelopes/spotlight/envelope_javascript.txt'), 'utf8').split('\n');
    const event = JSON.parse(lines[2]!);
    const frames = framesOf(event);
    const maxLine = Math.max(...frames.map((f) => f.lineno ?? 0));
    const big = Array.from({ length: maxLine + 5 }, (_, i) => `/* ${i + 1} */`).join('\n');
    const root = makeTree({ 'spotlight/packages/core/dist/sentry-spotlight.js': big, 'vendor/dist/sentry-spotlight.js': big });
    trees.push(root);
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    for (const f of frames) {
      const res = await r.resolve(f, { platform: 'javascript' });
      if (f.filename === '<anonymous>') {
        assert.equal(res.file, null);
        assert.deepEqual(res.candidates, []);
        continue;
      }
      assert.equal(res.file, join(root, 'spotlight/packages/core/dist/sentry-spotlight.js'));
      assert.equal(res.line, f.lineno);
      assert.equal(res.column, f.colno);
    }
  });
});

describe('FrameResolver over a real Node SDK event', function () {
  this.timeout(30_000);
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));
  const ORDER = ["'use strict';", 'function placeOrder(qty) {', '  if (qty > 10) {', "    throw new Error('too many items: ' + qty);", '  }', '  return qty;', '}', 'exports.main = () => placeOrder(42);', ''].join('\n');

  it('resolves the raising frame with its column, skips node: internals, and maps a moved checkout', async () => {
    const origin = makeTree({ 'src/handlers/order.js': ORDER }, 'sentry-lens-node-');
    trees.push(origin);
    const event = nodeEvent(origin, 'src/handlers/order.js');
    const frames = framesOf(event);
    const raising = frames.find((f) => f.function === 'placeOrder')!;
    assert.ok(raising, 'the SDK reported placeOrder');
    const r = new FrameResolver({ roots: [origin], mappings: [] });
    await r.buildIndex();
    const res = await r.resolve(raising, { platform: 'node' });
    assert.equal(res.file, join(origin, 'src/handlers/order.js'));
    assert.equal(res.line, lineOf(ORDER, 'throw new Error'));
    assert.equal(res.column, ORDER.split('\n')[res.line! - 1]!.indexOf('new Error') + 1);
    const internal = frames.find((f) => f.filename?.startsWith('node:'));
    if (internal) assert.equal((await r.resolve(internal)).file, null);

    // The same code checked out under a container path, with a mapping.
    const other = makeTree({ 'services/api/src/handlers/order.js': ORDER });
    trees.push(other);
    const mapped = new FrameResolver({ roots: [other], mappings: [{ stackRoot: '/app/', sourceRoot: 'services/api' }] });
    await mapped.buildIndex();
    const inContainer = { ...raising, filename: raising.filename!.replace(origin, '/app') };
    const m = await mapped.resolve(inContainer);
    assert.equal(m.file, join(other, 'services/api/src/handlers/order.js'));
    assert.equal(chosen(m)[0]!.reason, 'mapping');
  });
});

describe('FrameResolver over a bundle with source maps (esbuild, run under @sentry/node)', function () {
  this.timeout(30_000);
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));
  const MATH = ['export function divide(a: number, b: number): number {', '  if (b === 0) {', '    throw new RangeError(`cannot divide ${a} by zero`);', '  }', '  return a / b;', '}', ''].join('\n');
  const APP = ["import { divide } from './util/math';", '', 'export function main(): number {', '  const values = [4, 2, 0];', '  let total = 0;', '  for (const v of values) total += divide(100, v);', '  return total;', '}', ''].join('\n');

  for (const sourcemap of ['external', 'inline'] as const) {
    it(`maps frames in the minified bundle back to the TypeScript source (${sourcemap} map)`, async () => {
      const root = makeTree({ 'src/util/math.ts': MATH, 'src/app.ts': APP }, 'sentry-lens-bundle-');
      trees.push(root);
      bundle(root, 'src/app.ts', 'dist/bundle.js', sourcemap);
      const event = nodeEvent(root, 'dist/bundle.js');
      const frames = framesOf(event).filter((f) => (f.filename ?? '').endsWith('bundle.js'));
      assert.equal(frames.length, 2, 'divide and main in the bundle');
      assert.ok(frames.every((f) => f.lineno === 1), 'a minified bundle reports line 1');
      const r = new FrameResolver({ roots: [root], mappings: [] });
      await r.buildIndex();
      const inner = await r.resolve(frames[1]!);
      assert.equal(inner.file, join(root, 'src/util/math.ts'));
      assert.equal(inner.line, lineOf(MATH, 'throw new RangeError'));
      assert.equal(inner.column, MATH.split('\n')[inner.line! - 1]!.indexOf('new RangeError') + 1);
      assert.deepEqual(inner.sourceMapped, { generatedFile: join(root, 'dist/bundle.js'), generatedLine: 1, generatedColumn: frames[1]!.colno });
      assert.deepEqual(inner.candidates.map((c) => [c.reason, c.chosen]), [['absolute', false], ['sourcemap', true]]);
      const outer = await r.resolve(frames[0]!);
      assert.equal(outer.file, join(root, 'src/app.ts'));
      assert.equal(outer.line, lineOf(APP, 'divide(100, v)'));
      assert.match(explainResolution(frames[1]!, inner), /source map: .*bundle\.js:1:\d+ -> .*math\.ts:3:\d+/);

      // The browser SDK's app:/// paths and a checkout elsewhere: the bundle is found by suffix, then mapped.
      const app = { ...frames[1]!, filename: 'app:///dist/bundle.js' };
      const viaSuffix = await r.resolve(app);
      assert.equal(viaSuffix.file, join(root, 'src/util/math.ts'));
      assert.equal(viaSuffix.line, inner.line);
    });
  }

  it("follows a map whose sources are webpack:// URLs under a sourceRoot, via the workspace index", async () => {
    const root = makeTree({ 'packages/web/src/util/math.ts': MATH, 'packages/web/src/app.ts': APP }, 'sentry-lens-bundle-');
    trees.push(root);
    bundle(join(root, 'packages/web'), 'src/app.ts', 'build/static/app.js', 'external');
    const mapFile = join(root, 'packages/web/build/static/app.js.map');
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; sourceRoot?: string };
    // As webpack writes them: a sourceRoot and sources that are not paths on this machine.
    map.sourceRoot = 'webpack://my-app/';
    map.sources = map.sources.map((src) => `./${src.replace(/^(\.\.\/)+/, '')}`);
    writeFileSync(mapFile, JSON.stringify(map));
    const event = nodeEvent(join(root, 'packages/web'), 'build/static/app.js');
    const frame = framesOf(event).filter((f) => (f.filename ?? '').endsWith('app.js'))[1]!;
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    const res = await r.resolve({ ...frame, filename: 'https://example.com/static/app.js?v=2' });
    assert.equal(res.file, join(root, 'packages/web/src/util/math.ts'));
    assert.equal(res.line, lineOf(MATH, 'throw new RangeError'));
  });

  it('warns when the bundle was rebuilt since the event, and when the map leads outside the workspace', async () => {
    const root = makeTree({ 'src/util/math.ts': MATH, 'src/app.ts': APP }, 'sentry-lens-bundle-');
    trees.push(root);
    bundle(root, 'src/app.ts', 'dist/bundle.js', 'external');
    const event = nodeEvent(root, 'dist/bundle.js');
    const frame = framesOf(event).filter((f) => (f.filename ?? '').endsWith('bundle.js'))[1]!;
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    const gen = join(root, 'dist/bundle.js');
    assert.equal((await r.resolve(frame)).warning, undefined);
    // A rebuild that changed the generated line (here: code added in front of it).
    writeFileSync(gen, `var x=1;${readFileSync(gen, 'utf8')}`);
    r.onFileChanged(gen);
    assert.match((await r.resolve(frame)).warning ?? '', /bundle\.js changed since this event \(rebuilt\?\)/);

    // Move the sources away: the map names files that are no longer in the workspace.
    mkdirSync(join(root, 'elsewhere'));
    renameSync(join(root, 'src'), join(root, 'elsewhere', 'gone'));
    const r2 = new FrameResolver({ roots: [join(root, 'dist')], mappings: [] });
    await r2.buildIndex();
    const res = await r2.resolve(frame);
    assert.equal(res.file, gen);
    assert.match(res.warning ?? '', /not in the workspace; showing the generated file/);
  });
});
