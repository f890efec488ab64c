import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROGRAMS, PROGRAMS_DIR, RECORDED_DIR } from '../../../helpers/stackPrograms';
import { innermostFirst, parseStackText } from '../../../../src/source/stackText/parseStackText';
import type { TextFrame } from '../../../../src/source/stackText/textFrame';

/** Output the real runtimes printed (test/fixtures/stackText/record.ts), checked against the programs' own source. */
const recorded = (name: string) => readFileSync(join(RECORDED_DIR, `${name}.txt`), 'utf8');
const appDir = (name: string) => `/tmp/sentry-lens-stacks/${name}/srv/app/`;

/** The line `lineno` of the program file a printed path names. */
function sourceLine(name: string, printed: string, lineno: number): string {
  const rel = printed.replace(/^file:\/\//, '').slice(appDir(name).length);
  const file = join(PROGRAMS_DIR, PROGRAMS[name]!.runtime, rel);
  return readFileSync(file, 'utf8').split('\n')[lineno - 1]!;
}

const located = (text: string, f: TextFrame) => text.split('\n')[f.line]!.slice(f.start, f.end);

describe('stack text: recorded real runtimes', () => {
  it('node (CommonJS, async): every `at` frame once, the excerpt merged into the frame that raised, async marks, columns and ranges', () => {
    const text = recorded('node-async');
    const { frames } = parseStackText(text);
    const shown = frames.map((f) => [f.function ?? '', f.path.slice(appDir('node-async').length), f.lineno, f.colno, f.async ?? false]);
    // The excerpt above the trace repeats the raising frame: it is that frame, not a frame of its own.
    assert.deepEqual(shown, [
      ['priceOf', 'src/orders/pricing.js', 5, 11, false],
      ['', 'src/orders/checkout.js', 11, 29, false],
      ['checkout', 'src/orders/checkout.js', 11, 15, false],
      ['main', 'src/main.js', 5, 17, true],
    ]);
    // `at Array.map (<anonymous>)` names no file: left as text.
    assert.ok(!frames.some((f) => f.path.includes('anonymous')));
    for (const f of frames) assert.equal(located(text, f), `${f.path}:${f.lineno}:${f.colno}`);
    // Where the excerpt is written stays known, for a link there too.
    const raised = frames[0]!.raisedAt!;
    assert.equal(text.split('\n')[raised.line]!.slice(raised.start, raised.end), `${frames[0]!.path}:5`);
    assert.ok(frames.slice(1).every((f) => f.raisedAt === undefined));
    // Each column points at the call or throw the runtime names.
    const at = (f: TextFrame) => sourceLine('node-async', f.path, f.lineno!).slice(f.colno! - 1);
    assert.match(at(frames[0]!), /^new RangeError/);
    assert.match(at(frames[1]!), /^priceOf\(item\)/);
    assert.match(at(frames[2]!), /^map\(/);
    assert.match(at(frames[3]!), /^await checkout\(7\)/);
    // The raising frame takes the excerpt's source line, the file's line.
    assert.equal(frames[0]!.contextLine, sourceLine('node-async', frames[0]!.path, 5));
    assert.equal(frames[1]!.contextLine, undefined);
  });

  it('node (ESM): file:// URLs, a frame without a function, runtime frames marked not in-app', () => {
    const { frames } = parseStackText(recorded('node-esm'));
    const app = frames.filter((f) => f.inApp !== false);
    assert.deepEqual(
      app.map((f) => [f.function ?? '', f.path, f.lineno, f.colno]),
      [
        ['parseConfig', `file://${appDir('node-esm')}src/esm.mjs`, 2, 15],
        ['boot', `file://${appDir('node-esm')}src/esm.mjs`, 6, 10],
        ['', `file://${appDir('node-esm')}src/esm.mjs`, 9, 1],
      ],
    );
    assert.match(sourceLine('node-esm', app[0]!.path, 2), /JSON\.parse/);
    const internal = frames.filter((f) => f.inApp === false);
    assert.equal(internal.length, 3);
    assert.ok(internal.every((f) => f.path.startsWith('node:internal/')));
    // `<anonymous_script>:1` heads an excerpt of no file.
    assert.ok(!frames.some((f) => f.path.includes('anonymous_script')));
  });

  it('python (3.11, chained twice): every frame in text order, with the source line printed under it', () => {
    const text = recorded('python-chained');
    const { frames } = parseStackText(text);
    assert.deepEqual(
      frames.map((f) => [f.function, f.path.slice(appDir('python-chained').length), f.lineno]),
      [
        ['place', 'shop/orders.py', 10],
        ['reserve', 'shop/inventory.py', 7],
        ['place_all', 'shop/orders.py', 19],
        ['place', 'shop/orders.py', 12],
        ['<module>', 'main.py', 11],
        ['main', 'main.py', 7],
        ['place_all', 'shop/orders.py', 21],
        ['reserve', 'shop/inventory.py', 5],
      ],
    );
    for (const f of frames) {
      assert.equal(f.contextLine, sourceLine('python-chained', f.path, f.lineno!).trim());
      assert.equal(located(text, f), `File "${f.path}", line ${f.lineno}`);
      assert.equal(f.colno, undefined);
    }
  });

  it('innermost first, trace by trace, as the Errors tree lists frames: Python reversed, V8 and Java as printed', () => {
    const python = parseStackText(recorded('python-chained')).frames;
    const name = (f: TextFrame) => `${f.function}@${f.path.split('/').pop()}:${f.lineno}`;
    // Three tracebacks, each printed outermost first ("most recent call last"); their order in the text stays.
    assert.deepEqual(innermostFirst(python).map(name), [
      'reserve@inventory.py:7',
      'place@orders.py:10',
      'place@orders.py:12',
      'place_all@orders.py:19',
      'reserve@inventory.py:5',
      'place_all@orders.py:21',
      'main@main.py:7',
      '<module>@main.py:11',
    ]);
    for (const name of ['node-async', 'java-caused-by']) {
      const { frames } = parseStackText(recorded(name));
      assert.deepEqual(innermostFirst(frames), frames, name);
    }
  });

  it('java (17, Caused by): class and file, the class as module', () => {
    const text = recorded('java-caused-by');
    const { frames } = parseStackText(text);
    assert.deepEqual(
      frames.map((f) => [f.module, f.function, f.path, f.lineno]),
      [
        ['shop.Main', 'main', 'Main.java', 8],
        ['shop.Inventory', 'reserve', 'Inventory.java', 11],
        ['shop.Main', 'main', 'Main.java', 6],
      ],
    );
    assert.match(sourceLine('java-caused-by', `${appDir('java-caused-by')}src/shop/Inventory.java`, 11), /throw new IllegalStateException/);
    for (const f of frames) assert.equal(located(text, f), `${f.path}:${f.lineno}`);
  });

  it('the esbuild bundle: frames point into dist/bundle.js, with the excerpt of the generated line', () => {
    const { frames } = parseStackText(recorded('node-bundle'));
    const app = frames.filter((f) => f.inApp !== false);
    assert.deepEqual(
      app.map((f) => [f.function ?? '', f.path.slice(appDir('node-bundle').length)]),
      [
        ['formatTotal', 'dist/bundle.js'],
        ['report', 'dist/bundle.js'],
        ['Object.<anonymous>', 'dist/bundle.js'],
      ],
    );
    assert.match(app[0]!.contextLine!, /throw new Error\("total is not a number"\)/);
  });
});
