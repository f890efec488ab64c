import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The README is the newcomer's manual: it must name every setting and every
// command the extension contributes, and every screenshot it shows must exist.
const root = join(__dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('README', () => {
  it('lists every setting with its default', () => {
    const props: Record<string, { default: unknown }> = pkg.contributes.configuration.properties ?? pkg.contributes.configuration[0].properties;
    for (const [key, spec] of Object.entries(props)) {
      assert.ok(readme.includes(`| \`${key}\` | \`${JSON.stringify(spec.default)}\` |`), `README settings table lacks ${key} with its default`);
    }
  });

  it('names every command (palette commands as "Sentry: <title>")', () => {
    const hidden = new Set<string>((pkg.contributes.menus?.commandPalette ?? []).filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command));
    for (const c of pkg.contributes.commands as Array<{ command: string; title: string }>) {
      if (c.command === 'sentry.statusBarMenu') continue; // the status-bar click, not a user-facing command
      const mentioned = hidden.has(c.command) ? readme.includes(`*${c.title}*`) : readme.includes(`Sentry: ${c.title}`) || readme.includes(`**${c.title}**`);
      assert.ok(mentioned, `README does not mention the command "${c.title}" (${c.command})`);
    }
  });

  it('shows only screenshots that exist', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length >= 3, 'the README shows the real UI');
    for (const img of images) assert.doesNotThrow(() => readFileSync(join(root, img)), `missing ${img}`);
  });

  it('gives the two commands a newcomer needs, and they exist as scripts', () => {
    assert.match(readme, /npm start/);
    assert.match(readme, /npm test/);
    assert.ok(pkg.scripts.start && pkg.scripts.test);
  });

  it('names the Node floor that package.json "engines" declares, and no other', () => {
    const floor = /^>=(\d+\.\d+)\.\d+$/.exec(pkg.engines.node)?.[1];
    assert.ok(floor, `engines.node is ${pkg.engines.node}`);
    const named = [...readme.matchAll(/Node (\d+\.\d+)\+/g)].map((m) => m[1]);
    assert.ok(named.length > 0, 'the README names the Node version it needs');
    assert.deepEqual([...new Set(named)], [floor]);
  });
});
