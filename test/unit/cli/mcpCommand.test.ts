import { strict as assert } from 'node:assert';
import { runCli } from '../../../src/cli/main';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} });
  return { code, out, err };
}

describe('sentry-lens mcp: its arguments', () => {
  it('--help names the tools and the listener it reads', async () => {
    const r = await run(['mcp', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /usage: sentry-lens mcp \[--port N\] \[--root DIR\]\.\.\. \[--mappings FILE\]/);
    assert.match(r.out, /search_errors/);
  });

  it('refuses a bad port, a root that is not a folder, a missing mappings file, and stray arguments', async () => {
    const port = await run(['mcp', '--port', 'abc']);
    assert.deepEqual([port.code, /--port must be a whole number from 1 to 65535, got "abc"/.test(port.err)], [2, true]);
    const root = await run(['mcp', '--root', '/nonexistent/folder']);
    assert.deepEqual([root.code, /the root \/nonexistent\/folder is not a folder/.test(root.err)], [1, true]);
    const maps = await run(['mcp', '--mappings', '/nonexistent/mappings.json']);
    assert.deepEqual([maps.code, /mappings file .* does not exist/.test(maps.err)], [1, true]);
    const stray = await run(['mcp', 'extra']);
    assert.deepEqual([stray.code, /unexpected argument "extra"/.test(stray.err)], [2, true]);
  });

  it('without a readable standard input it says so', async () => {
    const r = await run(['mcp']);
    assert.deepEqual([r.code, r.err.trim()], [1, 'sentry-lens mcp: standard input cannot be read here']);
  });
});
