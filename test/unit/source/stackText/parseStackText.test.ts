import { strict as assert } from 'node:assert';
import { parseStackLine, parseStackText } from '../../../../src/source/stackText/parseStackText';
import { isRuntimeFrame, toFrameView } from '../../../../src/source/stackText/textFrame';

describe('stack text: parseStackText', () => {
  it('leaves everything that is not a frame as text', () => {
    const text = [
      'Server listening on http://localhost:3000',
      'user@example.com signed in at 10:42:07',
      'GET /api/orders 200 12ms',
      'look at this (not a frame)',
      'see file.js line 3',
      '    ... 12 more',
      'Caused by: java.io.IOException: closed',
      'During handling of the above exception, another exception occurred:',
      '#3 {main}',
      '    at async Promise.all (index 0)',
      '    at JSON.parse (<anonymous>)',
      '\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
      '   at System.Linq.Enumerable.First[TSource](IEnumerable`1 source)',
      '',
    ].join('\n');
    const parsed = parseStackText(text);
    assert.deepEqual(parsed.frames, []);
    assert.equal(parsed.lineCount, 14);
  });

  it('finds frames among log lines, with CRLF line ends, and counts lines and columns in the text', () => {
    const text = '2024-05-02T10:00:00Z boot\r\nError: x\r\n    at go (/srv/app/a.js:3:7)\r\n2024-05-02T10:00:01Z [worker]    at /srv/app/b.js:9:2\r\n';
    const { frames } = parseStackText(text);
    assert.deepEqual(
      frames.map((f) => [f.line, f.start, f.end, f.path, f.lineno, f.colno]),
      [
        [2, 11, 28, '/srv/app/a.js', 3, 7],
        [3, 36, 53, '/srv/app/b.js', 9, 2],
      ],
    );
  });

  it('one terminal line alone: the frame without its neighbours', () => {
    const f = parseStackLine('  File "/srv/app/shop/orders.py", line 12, in place');
    assert.equal(f?.format, 'python');
    assert.equal(f?.contextLine, undefined);
    assert.equal(f?.function, 'place');
    assert.equal(parseStackLine('plain words'), undefined);
    assert.equal(parseStackLine(''), undefined);
  });

  it('V8 frames: constructors, eval (the place of the eval call), Windows paths, URLs, line without column', () => {
    const lines = [
      '    at new Cart (/srv/app/cart.js:4:11)',
      '    at eval (eval at load (/srv/app/loader.js:20:5), <anonymous>:1:1)',
      '    at run (C:\\app\\src\\run.js:8:3)',
      '    at http://localhost:8080/static/js/main.chunk.js:120:17',
      '    at Object.<anonymous> (/srv/app/index.js:2)',
    ];
    const { frames } = parseStackText(lines.join('\n'));
    assert.deepEqual(
      frames.map((f) => [f.function, f.path, f.lineno, f.colno]),
      [
        ['new Cart', '/srv/app/cart.js', 4, 11],
        ['eval', '/srv/app/loader.js', 20, 5],
        ['run', 'C:\\app\\src\\run.js', 8, 3],
        [undefined, 'http://localhost:8080/static/js/main.chunk.js', 120, 17],
        ['Object.<anonymous>', '/srv/app/index.js', 2, undefined],
      ],
    );
    assert.equal(lines[1]!.slice(frames[1]!.start, frames[1]!.end), '/srv/app/loader.js:20:5');
  });

  it('a Node excerpt needs its caret line: a lone `path:line` is text', () => {
    assert.deepEqual(parseStackText('/srv/app/a.js:3\nconsole.log(1)\n').frames, []);
    const { frames } = parseStackText('/srv/app/a.js:3\n  foo();\n  ^\n');
    assert.deepEqual([frames[0]?.path, frames[0]?.lineno, frames[0]?.colno, frames[0]?.contextLine], ['/srv/app/a.js', 3, 3, '  foo();']);
  });

  it('Python: a frame without a printed source line (no source, <frozen …>), and caret lines are not source', () => {
    const text = ['Traceback (most recent call last):', '  File "<frozen runpy>", line 198, in _run_module_as_main', '  File "/srv/app/x.py", line 3, in <module>', '    ^^^^', 'ValueError'].join('\n');
    const { frames } = parseStackText(text);
    assert.deepEqual(
      frames.map((f) => [f.path, f.contextLine, f.inApp]),
      [
        ['<frozen runpy>', undefined, false],
        ['/srv/app/x.py', undefined, undefined],
      ],
    );
  });

  it('line and column numbers must be positive integers', () => {
    assert.equal(parseStackText('    at f (/srv/a.js:0:0)').frames[0]?.lineno, undefined);
    assert.equal(parseStackText('    at f (/srv/a.js:99999999999999999999:1)').frames[0]?.lineno, undefined);
  });

  it('toFrameView: absolute paths and URLs as absPath, bare names as filename, the platform of the format', () => {
    const [node, java] = parseStackText('    at f (/srv/a.js:1:2)\n\tat a.B.c(B.java:3)').frames;
    assert.deepEqual(toFrameView(node!), { absPath: '/srv/a.js', lineno: 1, colno: 2, function: 'f', platform: 'node' });
    assert.deepEqual(toFrameView(java!), { filename: 'B.java', lineno: 3, function: 'c', module: 'a.B', platform: 'java' });
    const vendored = parseStackText('    at x (/srv/app/node_modules/lib/i.js:1:1)').frames[0]!;
    assert.equal(toFrameView(vendored).inApp, false);
  });

  it('isRuntimeFrame: frames inside Node, Python and Ruby themselves, not library files', () => {
    const text = ['    at run (node:internal/main/run_main_module:28:49)', '  File "<frozen runpy>", line 198, in _run', "\tfrom <internal:kernel>:187:in 'loop'", '    at x (/srv/app/node_modules/lib/i.js:1:1)'].join('\n');
    assert.deepEqual(parseStackText(text).frames.map(isRuntimeFrame), [true, true, true, false]);
  });
});
