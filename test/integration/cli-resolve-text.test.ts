import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedFrameJson } from '../../src/cli/resolvedFrameJson';
import { resolveCommand } from '../../src/cli/resolveCommand';
import { runProgram } from '../helpers/stackPrograms';
import { type CliRun, runInProcess } from '../helpers/cliInProcess';

function run(argv: string[], stdin?: string): Promise<CliRun> {
  return runInProcess(resolveCommand, argv, stdin);
}

/**
 * Real `node`, `python3` and `java` programs run from /tmp/…/srv/app (as deployed); their
 * printed traces resolve against a checkout laid out differently (another root, the
 * app under `services/shop/`), edited since the run.
 */
describe('sentry-lens resolve --text (real runtimes)', function () {
  this.timeout(120_000);
  const temps: string[] = [];
  const temp = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    temps.push(d);
    return d;
  };
  after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** Runs a program and copies what it ran into `<checkout>/services/shop`; returns both places and the trace. */
  function deployAndCheckout(name: string): { ran: string; checkout: string; app: string; trace: string; traceFile: string } {
    const run = runProgram(name, temp('sentry-lens-deployed-'));
    assert.notEqual(run.status, 0, `${name} should fail: ${run.stderr}`);
    const checkout = temp('sentry-lens-checkout-');
    const app = join(checkout, 'services', 'shop');
    cpSync(run.dir, app, { recursive: true, filter: (src) => !src.includes('__pycache__') && !src.endsWith('.class') });
    // The deployed copy is gone (a container, another machine): only the checkout is here.
    rmSync(run.dir, { recursive: true, force: true });
    const traceFile = join(checkout, 'trace.txt');
    writeFileSync(traceFile, run.stderr);
    return { ran: run.dir, checkout, app, trace: run.stderr, traceFile };
  }

  const json = (out: string) => JSON.parse(out) as ResolvedFrameJson[];

  it('node: every frame once, in text order, resolved by path suffix into the checkout, at the printed line and column', async () => {
    const { app, checkout, traceFile, trace } = deployAndCheckout('node-async');
    const r = await run(['--root', checkout, '--json', '--text', traceFile]);
    assert.equal(r.code, 0, r.err);
    const frames = json(r.out);
    assert.deepEqual(
      frames.map((f) => [f.function ?? null, f.file, f.line, f.column]),
      [
        ['priceOf', join(app, 'src/orders/pricing.js'), 5, 11],
        [null, join(app, 'src/orders/checkout.js'), 11, 29],
        ['checkout', join(app, 'src/orders/checkout.js'), 11, 15],
        ['main', join(app, 'src/main.js'), 5, 17],
      ],
    );
    assert.deepEqual(
      frames.map((f) => f.text?.line),
      [6, 7, 9, 10],
    );
    // Node's excerpt above the trace is the raising frame's place written again: a note on that frame, not a frame.
    const raisedAt = frames[0]!.text!.raisedAt!;
    assert.equal(raisedAt.line, 1);
    assert.match(trace.split('\n')[0]!.slice(raisedAt.start, raisedAt.end), /\/src\/orders\/pricing\.js:5$/);
    assert.ok(frames.slice(1).every((f) => f.text?.raisedAt === undefined));
    assert.ok(frames.every((f) => f.exception === null && f.candidates.some((c) => c.chosen && c.reason === 'suffix')));
  });

  it('node: the printed source line finds the throw after the file moved it down (moved-line recovery)', async () => {
    const { app, checkout, traceFile } = deployAndCheckout('node-async');
    const pricing = join(app, 'src/orders/pricing.js');
    writeFileSync(pricing, `// added since the run\n// and another line\n${readFileSync(pricing, 'utf8')}`);
    const frames = json((await run(['--root', checkout, '--json', '--text', traceFile])).out);
    assert.deepEqual([frames[0]!.file, frames[0]!.line, frames[0]!.movedFrom], [pricing, 7, 5]);
    assert.equal(frames[0]!.note, 'the file changed since this event: line 5 is now 7');
  });

  it('python3 (chained tracebacks): the file whose path matches most of the printed one, and moved lines from the printed source', async () => {
    const { app, checkout, traceFile } = deployAndCheckout('python-chained');
    // Same-named files elsewhere in the checkout, that match the printed paths by fewer segments.
    cpSync(join(app, 'shop', 'orders.py'), join(checkout, 'legacy', 'orders.py'));
    const inventory = join(app, 'shop/inventory.py');
    writeFileSync(inventory, `import logging\n\n${readFileSync(inventory, 'utf8')}`);
    const mappings = join(checkout, 'mappings.json');
    writeFileSync(mappings, JSON.stringify([]));
    const r = await run(['--root', checkout, '--mappings', mappings, '--json', '--text', traceFile]);
    assert.equal(r.code, 0, r.err);
    const frames = json(r.out);
    assert.deepEqual(
      frames.map((f) => [f.function, f.file, f.line, f.movedFrom ?? null]),
      [
        ['place', join(app, 'shop/orders.py'), 10, null],
        ['reserve', inventory, 9, 7],
        ['place_all', join(app, 'shop/orders.py'), 19, null],
        ['place', join(app, 'shop/orders.py'), 12, null],
        ['<module>', join(app, 'main.py'), 11, null],
        ['main', join(app, 'main.py'), 7, null],
        ['place_all', join(app, 'shop/orders.py'), 21, null],
        ['reserve', inventory, 7, 5],
      ],
    );
  });

  it('python3 with a code mapping from the deployed root, read from standard input', async () => {
    const { ran, app, checkout, trace } = deployAndCheckout('python-chained');
    const mappings = join(checkout, 'mappings.json');
    writeFileSync(mappings, JSON.stringify([{ stackRoot: ran, sourceRoot: 'services/shop' }]));
    const r = await run(['-r', checkout, '-m', mappings, '--json', '-t', '-'], trace);
    assert.equal(r.code, 0, r.err);
    const frames = json(r.out);
    assert.equal(frames.length, 8);
    assert.ok(frames.every((f) => f.candidates[0]?.reason === 'mapping' && f.candidates[0].chosen && f.file?.startsWith(app)));
  });

  it('an esbuild bundle with a source map: frames in dist/bundle.js open the TypeScript source', async () => {
    const { app, checkout, traceFile } = deployAndCheckout('node-bundle');
    const frames = json((await run(['--root', checkout, '--json', '--text', traceFile])).out).filter((f) => f.file !== null);
    const byFn = new Map(frames.map((f) => [f.function ?? '(excerpt)', f]));
    const format = byFn.get('formatTotal')!;
    assert.deepEqual([format.file, format.line, format.column], [join(app, 'src/format.ts'), 3, 11]);
    assert.equal(format.sourceMapped?.generatedFile, join(app, 'dist/bundle.js'));
    const report = byFn.get('report')!;
    assert.deepEqual([report.file, report.line], [join(app, 'src/bundled.ts'), 5]);
    const source = readFileSync(join(app, 'src/bundled.ts'), 'utf8').split('\n')[report.line! - 1]!;
    assert.equal(source.slice(report.column! - 1), 'formatTotal(total);');
  });

  it('java: a bare file name and its class choose src/shop/Inventory.java over a same-named file', async () => {
    const { app, checkout, traceFile } = deployAndCheckout('java-caused-by');
    cpSync(join(app, 'src/shop/Inventory.java'), join(checkout, 'tools', 'Inventory.java'));
    const frames = json((await run(['--root', checkout, '--json', '--text', traceFile])).out);
    assert.deepEqual(
      frames.map((f) => [f.function, f.file, f.line]),
      [
        ['main', join(app, 'src/shop/Main.java'), 8],
        ['reserve', join(app, 'src/shop/Inventory.java'), 11],
        ['main', join(app, 'src/shop/Main.java'), 6],
      ],
    );
    assert.equal(frames[1]!.candidates.find((c) => c.chosen)?.reason, 'module');
  });

  it('the built CLI reads standard input with `-`', () => {
    const { checkout, app, trace } = deployAndCheckout('node-async');
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'src', 'cli.ts'), 'resolve', '--root', checkout, '--json', '--text', '-'], { input: trace, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const frames = json(r.stdout);
    assert.equal(frames[3]!.file, join(app, 'src/main.js'));
  });

  it('bad input: a missing text file, a text with no frames, an event file beside --text', async () => {
    const dir = temp('sentry-lens-badtext-');
    const missing = await run(['--root', dir, '--text', join(dir, 'nope.txt')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /the text file .*nope\.txt does not exist/);
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'nothing to see\nhere\n');
    const none = await run(['--root', dir, '--json', '--text', plain]);
    assert.equal(none.code, 0);
    assert.deepEqual(JSON.parse(none.out), []);
    assert.match(none.err, /no stack frames found in the text \(3 lines\)/);
    const both = await run(['--root', dir, '--text', plain, 'event.json']);
    assert.equal(both.code, 2);
    assert.match(both.err, /--text reads a text, not an event file/);
    const noStdin = await run(['--root', dir, '--text', '-']);
    assert.equal(noStdin.code, 1);
    assert.match(noStdin.err, /standard input cannot be read here/);
  });
});
