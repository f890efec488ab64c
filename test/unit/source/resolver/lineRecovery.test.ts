import { strict as assert } from 'node:assert';
import { recoverLine } from '../../../../src/source/resolver/lineRecovery';

const file = ['def a():', '    x = 1', '    return x', '', 'def b():', '    x = 1', '    raise ValueError(x)', ''];

describe('recoverLine', () => {
  it('keeps the recorded line when it matches (ignoring indentation)', () => {
    assert.deepEqual(recoverLine(file, { lineno: 7, contextLine: 'raise ValueError(x)' }), { line: 7 });
  });

  it('finds a line that moved and says so', () => {
    const edited = ['# a comment', '# another', ...file];
    const r = recoverLine(edited, { lineno: 7, contextLine: '    raise ValueError(x)' });
    assert.equal(r.line, 9);
    assert.equal(r.movedFrom, 7);
    assert.equal(r.note, 'the file changed since this event: line 7 is now 9');
  });

  it('uses the surrounding lines to choose between equal candidates', () => {
    // "x = 1" is at lines 2 and 6; the context after it ("raise") picks line 6 even though 2 is as close to 4.
    const r = recoverLine(file, { lineno: 4, contextLine: 'x = 1', preContext: ['def b():'], postContext: ['raise ValueError(x)'] });
    assert.equal(r.line, 6);
    assert.equal(r.movedFrom, 4);
  });

  it('opens at the recorded line with a warning when the line is gone', () => {
    const r = recoverLine(file, { lineno: 7, contextLine: 'raise KeyError()' });
    assert.equal(r.line, 7);
    assert.match(r.warning ?? '', /differs from the event's .*not within 20 lines/);
  });

  it('warns when the recorded line is past the end of the file', () => {
    assert.match(recoverLine(file, { lineno: 99 }).warning ?? '', /past the end of the local file \(8 lines\)/);
    assert.match(recoverLine(file, { lineno: 99, contextLine: 'nope' }).warning ?? '', /past the end/);
  });

  it("accepts Sentry's {snip} marks in long context lines", () => {
    const long = ['const a = "' + 'x'.repeat(300) + '"; callSomething(a);'];
    assert.deepEqual(recoverLine(long, { lineno: 1, contextLine: 'const a = "xxxx {snip} callSomething(a);' }), { line: 1 });
    // Node's SDK cuts a window around the column: "{snip} middle {snip}".
    assert.deepEqual(recoverLine(long, { lineno: 1, contextLine: '{snip} xxxx"; callSome {snip}' }), { line: 1 });
    // Unsnipped ends are anchored: code added in front of the line is a change.
    assert.ok(recoverLine(['var x=1;' + long[0]], { lineno: 1, contextLine: 'const a = "xxxx {snip} callSomething(a);' }).warning);
    assert.ok(recoverLine(long, { lineno: 1, contextLine: '{snip} notThere( {snip}' }).warning);
  });

  it('leaves frames without a line number alone', () => {
    assert.deepEqual(recoverLine(file, { contextLine: 'x' }), { line: undefined });
  });

  it('searches only within the window', () => {
    const far = [...Array.from({ length: 30 }, () => '# pad'), ...file];
    assert.ok(recoverLine(far, { lineno: 7, contextLine: 'raise ValueError(x)' }, 20).warning);
    assert.equal(recoverLine(far, { lineno: 7, contextLine: 'raise ValueError(x)' }, 40).line, 37);
  });
});
