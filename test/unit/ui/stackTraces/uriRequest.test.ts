import { strict as assert } from 'node:assert';
import { parseUriRequest } from '../../../../src/ui/stackTraces/uriRequest';

const reason = (path: string, query: string, fragment = '') => {
  const r = parseUriRequest(path, query, fragment);
  assert.ok(!r.ok, `expected a refusal for ${path}?${query}`);
  return r.reason;
};

describe('links into the editor: parseUriRequest', () => {
  it('open: a file with line and column, encoded; a file alone', () => {
    assert.deepEqual(parseUriRequest('/open', 'file=%2Fapp%2Fsrc%2Fmy%20file.ts&line=42&column=7'), { ok: true, value: { kind: 'open', file: '/app/src/my file.ts', line: 42, column: 7 } });
    assert.deepEqual(parseUriRequest('/open', 'file=src/x.py'), { ok: true, value: { kind: 'open', file: 'src/x.py' } });
    assert.deepEqual(parseUriRequest('/open', 'file=webpack%3A%2F%2F%2F.%2Fsrc%2Fa.ts&line=1'), { ok: true, value: { kind: 'open', file: 'webpack:///./src/a.ts', line: 1 } });
  });

  it('event: a 32-digit id, also as a UUID with dashes or in capitals', () => {
    const id = '0123456789abcdef0123456789abcdef';
    assert.deepEqual(parseUriRequest('/event', `id=${id}`), { ok: true, value: { kind: 'event', id } });
    assert.deepEqual(parseUriRequest('/event', 'id=01234567-89AB-CDEF-0123-456789ABCDEF'), { ok: true, value: { kind: 'event', id } });
  });

  it('refuses any other path: commands, settings, upper case, trailing slashes, traversal', () => {
    for (const p of ['/', '', '/command', '/run', '/settings', '/Open', '/open/', '/open/../event', '/event/x', '/openSettings']) {
      assert.match(reason(p, 'file=a.ts'), /unknown link/);
    }
  });

  it('refuses unexpected or repeated parameters, and fragments', () => {
    assert.match(reason('/open', 'file=a.ts&command=workbench.action.terminal.sendSequence'), /unexpected parameter "command"/);
    assert.match(reason('/open', 'file=a.ts&args=%5B%5D'), /unexpected parameter "args"/);
    assert.match(reason('/event', 'id=0123456789abcdef0123456789abcdef&file=a.ts'), /unexpected parameter "file" \(allowed: id\)/);
    assert.match(reason('/open', 'file=a.ts&file=b.ts'), /"file" more than once/);
    assert.match(reason('/open', 'file=a.ts', 'L3'), /fragment/);
  });

  it('refuses missing, oversized or control-character paths, and bad encodings', () => {
    assert.match(reason('/open', ''), /no file/);
    assert.match(reason('/open', 'file='), /no file/);
    assert.match(reason('/open', `file=${'a'.repeat(2049)}`), /longer than 2048/);
    assert.match(reason('/open', 'file=a.ts%00.png'), /control characters/);
    assert.match(reason('/open', 'file=a.ts%0A%1B%5B31m'), /control characters/);
    assert.match(reason('/open', 'file=a.ts%E2%80%A8'), /control characters/);
    assert.match(reason('/open', 'file=%E0%A4%A'), /badly encoded/);
    assert.match(reason('/open', `file=a.ts&line=1${'&x'.repeat(5000)}`), /too long/);
  });

  it('refuses lines and columns that are not whole numbers from 1 to 9999999, and a column without a line', () => {
    for (const bad of ['0', '-1', '1.5', '1e3', ' 1', '0x10', '01', '12345678', 'NaN', '', '1;rm']) {
      assert.match(reason('/open', `file=a.ts&line=${encodeURIComponent(bad)}`), /line must be a whole number/, bad);
    }
    assert.match(reason('/open', 'file=a.ts&line=3&column=0'), /column must be a whole number/);
    assert.match(reason('/open', 'file=a.ts&column=3'), /a column needs a line/);
  });

  it('refuses event ids that are not Sentry event ids', () => {
    assert.match(reason('/event', ''), /no event id/);
    for (const bad of ['123', 'g123456789abcdef0123456789abcdef', '0123456789abcdef0123456789abcdef0', '../../etc/passwd', '%00']) {
      assert.match(reason('/event', `id=${bad}`), /32 hexadecimal digits|badly encoded/, bad);
    }
  });

  it('shows hostile text in reasons shortened and without control characters', () => {
    const r = reason('/open', `file=a.ts&${encodeURIComponent('\u001b[2J' + 'x'.repeat(100))}=1`);
    assert.ok(!/[\u0000-\u001f]/.test(r));
    assert.ok(r.length < 120, r);
  });
});
