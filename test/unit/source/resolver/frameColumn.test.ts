import { strict as assert } from 'node:assert';
import { frameColumn } from '../../../../src/source/resolver/frameColumn';

describe('frameColumn', () => {
  it('is the recorded column when there is one', () => {
    assert.equal(frameColumn(5, '    return x'), 5);
    assert.equal(frameColumn(1, '    return x'), 1);
  });

  it('is the first non-blank character of the line otherwise (tabs count as one)', () => {
    assert.equal(frameColumn(undefined, '        raise ValueError("x")'), 9);
    assert.equal(frameColumn(undefined, '\t\treturn'), 3);
    assert.equal(frameColumn(0, '    x'), 5, 'a column of 0 is no column');
    assert.equal(frameColumn(undefined, '   '), 1);
    assert.equal(frameColumn(undefined, undefined), undefined);
  });
});
