import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCommand } from '../../src/cli/resolveCommand';
import { viewEvent } from '../../src/sentry/event/eventView';
import { bundle, nodeEvent, pythonEvent } from '../unit/source/sdkEvents';
import { FIXTURES, makeTree, removeTree } from '../unit/source/tempTree';
import { type CliRun, runInProcess } from '../helpers/cliInProcess';

function run(argv: string[]): Promise<CliRun> {
  return runInProcess(resolveCommand, argv);
}

interface FrameJson {
  exception: number | null;
  frame: number;
  function?: string;
  file: string | null;
  line: number | null;
  column: number | null;
  candidates: Array<{ path: string; reason: string; chosen: boolean; rejected?: string; score?: number }>;
  movedFrom?: number;
  note?: string;
  warning?: string;
  sourceMapped?: { generatedFile: string; generatedLine: number; generatedColumn?: number };
}

const BILLING = ['def charge(amount):', '    if amount < 0:', '        raise ValueError("negative amount: %d" % amount)', '    return amount', ''].join('\n');
const MAIN = ['from app.billing import charge', '', 'def checkout():', '    charge(-5)', '', 'try:', '    checkout()', 'except Exception:', '    import sentry_sdk', '    sentry_sdk.capture_exception()', 'sentry_sdk.flush()', ''].join('\n');

describe('sentry-lens resolve', function () {
  this.timeout(60_000);
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));
  const tree = (files: Record<string, string>) => {
    const t = makeTree(files, 'sentry-lens-cli-');
    trees.push(t);
    return t;
  };

  let origin: string;
  let eventFile: string;
  let event: Record<string, unknown>;
  before(() => {
    origin = tree({ 'app/__init__.py': '', 'app/billing.py': BILLING, 'main.py': MAIN });
    event = pythonEvent(origin, 'main.py');
    eventFile = join(tree({}), 'event.json');
    writeFileSync(eventFile, JSON.stringify(event));
  });

  it('prints one JSON object per frame, in the event frame order, after moved-line recovery (real Python SDK event)', async () => {
    // The same code checked out elsewhere, edited since the event: billing.py gained two lines at the top.
    const checkout = tree({ 'src/app/billing.py': `import logging\n\n${BILLING}`, 'src/main.py': MAIN });
    const mappings = join(checkout, 'mappings.json');
    writeFileSync(mappings, JSON.stringify([{ stackRoot: origin, sourceRoot: 'src' }]));
    const r = await run(['--root', checkout, '--mappings', mappings, '--json', eventFile]);
    assert.equal(r.code, 0, r.err);
    const frames = JSON.parse(r.out) as FrameJson[];
    const expected = viewEvent(event).exceptions.flatMap((e, ei) => e.frames.map((f, fi) => ({ ei, fi, f })));
    assert.equal(frames.length, expected.length);
    frames.forEach((fr, k) => {
      assert.equal(fr.exception, expected[k]!.ei);
      assert.equal(fr.frame, expected[k]!.fi);
      assert.equal(fr.function, expected[k]!.f.function);
    });
    const charge = frames.find((f) => f.function === 'charge')!;
    assert.equal(charge.file, join(checkout, 'src/app/billing.py'));
    assert.equal(charge.line, 5);
    assert.equal(charge.movedFrom, 3);
    assert.equal(charge.note, 'the file changed since this event: line 3 is now 5');
    assert.equal(charge.column, 9, 'no column recorded: the first non-blank character of the line');
    assert.deepEqual(charge.candidates.map((c) => [c.reason, c.chosen]), [['mapping', true]]);
    const checkoutFrame = frames.find((f) => f.function === 'checkout')!;
    assert.equal(checkoutFrame.file, join(checkout, 'src/main.py'));
    assert.equal(checkoutFrame.line, 4);
  });

  it('prints the candidates tried and the one chosen as text; lists them with no file when nothing fits', async () => {
    const missingFile = join(tree({}), 'moved.json');
    writeFileSync(missingFile, JSON.stringify(event).split(origin).join('/srv/gone'));
    const elsewhere = tree({ 'lib/app/billing.py': BILLING, 'other/billing.py': BILLING });
    const r = await run(['--root', elsewhere, eventFile]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^exception 1\/1: ValueError: negative amount: -5$/m);
    // The event's own files still exist on this machine (outside --root): a workspace file that matches by path wins ...
    assert.ok(r.out.includes(`✗ ${join(origin, 'app/billing.py')} (absolute): outside the workspace folders, and a workspace file matches`), r.out);
    assert.match(r.out, /✓ .*lib\/app\/billing\.py \(suffix, 2 segments\) chosen/);
    assert.match(r.out, /✗ .*other\/billing\.py \(suffix, 1 segment\): fewer matching path segments \(1 vs 2\)/);
    // ... and where the workspace has nothing, the existing absolute path is opened.
    assert.ok(r.out.includes(`✓ ${join(origin, 'main.py')} (absolute) chosen`), r.out);
    const gone = await run(['--root', tree({ 'x.txt': '' }), '--json', missingFile]);
    const frames = JSON.parse(gone.out) as FrameJson[];
    assert.ok(frames.every((f) => f.file === null && f.candidates.some((c) => c.reason === 'absolute' && c.rejected === 'no such file on this machine')));
  });

  it('reads a stored-event line and an envelope holding the event', async () => {
    const dir = tree({});
    const line = join(dir, 'stored.jsonl');
    writeFileSync(line, `${JSON.stringify({ id: event.event_id, receivedAt: Date.now(), source: 'envelope', groupKey: 'k', event })}\n`);
    const envelope = join(dir, 'event.envelope');
    writeFileSync(envelope, `${JSON.stringify({ event_id: event.event_id })}\n${JSON.stringify({ type: 'event' })}\n${JSON.stringify(event)}\n`);
    for (const file of [line, envelope]) {
      const r = await run(['--root', origin, '--json', file]);
      assert.equal(r.code, 0, r.err);
      const frames = JSON.parse(r.out) as FrameJson[];
      assert.equal(frames.find((f) => f.function === 'charge')!.file, join(origin, 'app/billing.py'));
    }
  });

  it("reads a REST API event (camelCase entries) and finds node_modules frames beside the root", async () => {
    const apiEvent = JSON.parse(readFileSync(join(FIXTURES, 'api/example-issue-event-latest.json'), 'utf8'));
    const files: Record<string, string> = {};
    for (const entry of apiEvent.entries) {
      if (entry.type !== 'exception') continue;
      for (const v of entry.data.values) {
        for (const f of v.stacktrace.frames) {
          const rel = f.filename.slice(f.filename.indexOf('node_modules/'));
          const lines = Array.from({ length: 120 }, () => '');
          for (const [n, text] of f.context) lines[n - 1] = text;
          files[rel] = lines.join('\n');
        }
      }
    }
    const root = tree(files);
    const apiFile = join(root, 'api-event.json');
    writeFileSync(apiFile, JSON.stringify(apiEvent));
    const r = await run(['--root', root, '--json', apiFile]);
    assert.equal(r.code, 0, r.err);
    const frames = JSON.parse(r.out) as FrameJson[];
    assert.equal(frames.length, Object.keys(files).length);
    for (const f of frames) {
      assert.ok(f.file?.startsWith(join(root, 'node_modules')), `${f.file}`);
      assert.equal(f.warning, undefined);
      assert.equal(f.movedFrom, undefined);
    }
    assert.equal(frames[0]!.line, 71);
    assert.equal(frames[0]!.column, 23);
  });

  it('maps a bundled frame through its source map (real esbuild bundle under @sentry/node)', async () => {
    const MATH = ['export function half(n: number): number {', '  if (n % 2) {', '    throw new Error(`odd: ${n}`);', '  }', '  return n / 2;', '}', ''].join('\n');
    const root = tree({ 'src/math.ts': MATH, 'src/main.ts': "import { half } from './math';\nexport function main() {\n  return half(3);\n}\n" });
    bundle(root, 'src/main.ts', 'dist/main.js', 'external');
    const ev = nodeEvent(root, 'dist/main.js');
    const file = join(root, 'event.json');
    writeFileSync(file, JSON.stringify(ev));
    const r = await run(['--root', root, '--json', file]);
    assert.equal(r.code, 0, r.err);
    const frames = JSON.parse(r.out) as FrameJson[];
    const inner = frames.filter((f) => f.sourceMapped).at(-1)!;
    assert.equal(inner.file, join(root, 'src/math.ts'));
    assert.equal(inner.line, 3);
    assert.equal(inner.column, MATH.split('\n')[2]!.indexOf('new Error') + 1);
    assert.equal(inner.sourceMapped!.generatedFile, join(root, 'dist/main.js'));
  });

  describe('errors a person can make', () => {
    it('a missing event file, a folder, invalid JSON, a JSON list', async () => {
      const dir = tree({ 'bad.json': '{"event_id": ', 'list.json': '[1,2]' });
      let r = await run(['--root', dir, join(dir, 'nope.json')]);
      assert.equal(r.code, 1);
      assert.match(r.err, /the event file .*nope\.json does not exist/);
      r = await run(['--root', dir, dir]);
      assert.match(r.err, /is a folder, not a file/);
      r = await run(['--root', dir, join(dir, 'bad.json')]);
      assert.match(r.err, /is not valid JSON \(.*\), nor an envelope holding an event/);
      r = await run(['--root', dir, join(dir, 'list.json')]);
      assert.match(r.err, /must hold a JSON object \(a Sentry event\), not a list/);
    });

    it('a bad mappings file: missing, invalid JSON, not a list, a mapping without sourceRoot', async () => {
      const dir = tree({ 'invalid.json': '[{', 'object.json': '{"a": 1}', 'partial.json': '[{"stackRoot": "/app/"}]', 'settings.json': '{"sentry.codeMappings": [{"stackRoot": "/x/", "sourceRoot": "."}]}' });
      let r = await run(['--root', dir, '--mappings', join(dir, 'none.json'), eventFile]);
      assert.equal(r.code, 1);
      assert.match(r.err, /the mappings file .*none\.json does not exist/);
      r = await run(['--root', dir, '--mappings', join(dir, 'invalid.json'), eventFile]);
      assert.match(r.err, /mappings file .*invalid\.json is not valid JSON/);
      r = await run(['--root', dir, '--mappings', join(dir, 'object.json'), eventFile]);
      assert.match(r.err, /code mappings must be a list of \{ "stackRoot": "\.\.\.", "sourceRoot": "\.\.\." \} objects/);
      r = await run(['--root', dir, '--mappings', join(dir, 'partial.json'), eventFile]);
      assert.match(r.err, /code mapping #1 is not valid: sourceRoot must be a string/);
      r = await run(['--root', dir, '--mappings', join(dir, 'settings.json'), eventFile]);
      assert.equal(r.code, 0, r.err);
    });

    it('usage: no event file, two files, an unknown option, a missing root, --help', async () => {
      let r = await run([]);
      assert.equal(r.code, 2);
      assert.match(r.err, /no event file/);
      r = await run([eventFile, eventFile]);
      assert.match(r.err, /one event file at a time/);
      r = await run(['--bogus', eventFile]);
      assert.equal(r.code, 2);
      assert.match(r.err, /unknown option --bogus/);
      r = await run(['--root', '/no/such/folder', eventFile]);
      assert.equal(r.code, 1);
      assert.match(r.err, /the root folder \/no\/such\/folder does not exist/);
      r = await run(['--root', eventFile, eventFile]);
      assert.match(r.err, /is not a folder/);
      r = await run(['--help']);
      assert.equal(r.code, 0);
      assert.match(r.out, /usage: sentry-lens resolve/);
      assert.match(r.out, /--mappings FILE/);
    });
  });

  it('runs as the sentry-lens binary entry point', () => {
    const cli = join(__dirname, '../../src/cli.ts');
    const res = spawnSync(process.execPath, ['--import', 'tsx', cli, 'resolve', '--root', origin, '--json', eventFile], { encoding: 'utf8', cwd: join(__dirname, '../..'), timeout: 30_000 });
    assert.equal(res.status, 0, res.stderr);
    const frames = JSON.parse(res.stdout) as FrameJson[];
    assert.equal(frames.find((f) => f.function === 'charge')!.file, join(origin, 'app/billing.py'));
  });
});
