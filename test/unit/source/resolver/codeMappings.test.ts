import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { applyMappings, orderMappings, parseCodeMappings, suggestCodeMapping } from '../../../../src/source/resolver/codeMappings';

describe('code mappings', () => {
  it('parses a list and the { codeMappings } form, normalising backslashes', () => {
    const a = parseCodeMappings([{ stackRoot: 'C:\\build\\', sourceRoot: 'src' }]);
    assert.ok(a.ok);
    assert.deepEqual(a.value, [{ stackRoot: 'C:/build/', sourceRoot: 'src' }]);
    const b = parseCodeMappings({ codeMappings: [{ stackRoot: '/app', sourceRoot: '.' }] });
    assert.ok(b.ok);
    assert.equal(b.value.length, 1);
  });

  it('rejects what is not a list of mappings, with a reason', () => {
    const notList = parseCodeMappings({ stackRoot: '/a', sourceRoot: 'b' });
    assert.equal(notList.ok, false);
    assert.match(!notList.ok ? notList.reason : '', /must be a list/);
    const missing = parseCodeMappings([{ stackRoot: '/a' }]);
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.reason : '', /#1 .*sourceRoot must be a string/);
    const empty = parseCodeMappings([{ stackRoot: '  ', sourceRoot: 'x' }]);
    assert.equal(empty.ok, false);
    assert.match(!empty.ok ? empty.reason : '', /empty stackRoot/);
  });

  it('tries the most specific stack root first, ties in the order given', () => {
    const ordered = orderMappings([
      { stackRoot: '/srv/', sourceRoot: 'a' },
      { stackRoot: '/srv/app/', sourceRoot: 'b' },
      { stackRoot: '/srv/app/', sourceRoot: 'c' },
    ]);
    assert.deepEqual(ordered.map((m) => m.sourceRoot), ['b', 'c', 'a']);
    const paths = applyMappings('/srv/app/x/y.py', ordered, '/ws').map((c) => c.path);
    assert.deepEqual(paths, [join('/ws/b/x/y.py'), join('/ws/c/x/y.py'), join('/ws/a/app/x/y.py')]);
  });

  it('matches a stack root only at a folder boundary and keeps absolute source roots', () => {
    const m = orderMappings([{ stackRoot: '/app', sourceRoot: '/abs/src' }]);
    assert.deepEqual(applyMappings('/application/x.py', m, '/ws'), []);
    assert.equal(applyMappings('/app/x.py', m, '/ws')[0]!.path, join('/abs/src/x.py'));
    assert.equal(applyMappings('C:\\app\\x.py', orderMappings([{ stackRoot: 'C:/app/', sourceRoot: 's' }]), '/ws')[0]!.path, join('/ws/s/x.py'));
  });
});

describe('suggestCodeMapping', () => {
  it('derives the mapping from a frame path and the file the user picked, and the mapping resolves the frame', () => {
    const m = suggestCodeMapping('/srv/app/src/billing/x.py', '/ws/backend/src/billing/x.py', '/ws');
    assert.deepEqual(m, { stackRoot: '/srv/app/', sourceRoot: 'backend' });
    assert.equal(applyMappings('/srv/app/src/billing/x.py', [m!], '/ws')[0]!.path, join('/ws/backend/src/billing/x.py'));
    assert.deepEqual(suggestCodeMapping('C:\\build\\proj\\src\\a.ts', '/ws/src/a.ts', '/ws'), { stackRoot: 'C:/build/proj/', sourceRoot: '.' });
    assert.deepEqual(suggestCodeMapping('/srv/a.py', '/other/place/a.py', '/ws'), { stackRoot: '/srv/', sourceRoot: '/other/place' });
    assert.equal(suggestCodeMapping('/srv/a.py', '/ws/b.py', '/ws'), undefined);
  });
});
