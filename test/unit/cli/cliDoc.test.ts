// docs/cli.md documents every command and every flag the CLI's own --help
// lists: a flag added to a command without a line in the doc fails here.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { REPO_ROOT } from '../../helpers/paths';

const doc = readFileSync(join(REPO_ROOT, 'docs/cli.md'), 'utf8');

async function help(argv: string[]): Promise<string> {
  let out = '';
  const code = await runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (out += t), env: {} });
  assert.equal(code, 0, `${argv.join(' ')} exits ${code}`);
  return out;
}

/** The text of `## name` up to the next `## ` heading. */
function section(name: string): string {
  const start = doc.indexOf(`\n## ${name}\n`);
  assert.ok(start >= 0, `docs/cli.md has no "## ${name}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

describe('docs/cli.md', () => {
  it('has a section for every command the CLI lists', async () => {
    const commands = [...(await help(['--help'])).matchAll(/^ {2}(\w+) {2,}/gm)].map((m) => m[1]!);
    assert.ok(commands.length >= 6, commands.join(' '));
    for (const c of commands) section(c);
  });

  it('names every flag of every command, long and short, in that command’s section', async () => {
    const commands = [...(await help(['--help'])).matchAll(/^ {2}(\w+) {2,}/gm)].map((m) => m[1]!);
    for (const c of commands) {
      const text = section(c);
      const options = (await help([c, '--help'])).split('\noptions:\n')[1] ?? '';
      const flags = [...options.matchAll(/^\s+(?:(-\w), )?(--[\w-]+)/gm)].filter((m) => m[2] !== '--help');
      assert.ok(flags.length > 0, `${c} --help lists no options`);
      for (const [, short, long] of flags) {
        assert.ok(text.includes(`\`${long}`), `docs/cli.md's ${c} section lacks ${long}`);
        if (short) assert.ok(text.includes(`\`${short}\``), `docs/cli.md's ${c} section lacks ${short} (${long})`);
      }
    }
  });
});
