// docs/reference is generated from package.json (scripts/gen-reference.mjs): a
// setting or command added without regenerating, or without a line saying what
// the command does, fails here, so nothing the extension contributes goes
// undocumented.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_NOTES } from '../../../scripts/commandNotes.mjs';
import { COMMANDS_FILE, SETTINGS_FILE, generatedFiles, renderCommands, renderSettings } from '../../../scripts/gen-reference.mjs';
import { REPO_ROOT } from '../../helpers/paths';

type Pkg = {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { default: unknown; markdownDescription?: string }> };
    menus: { commandPalette: Array<{ command: string; when: string }> };
  };
};
const readPkg = (): Pkg => JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

describe('scripts/gen-reference: docs/reference from package.json', () => {
  it('the committed reference is what the script generates (run `node scripts/gen-reference.mjs` when this fails)', () => {
    for (const { file, text } of generatedFiles()) {
      const committed = readFileSync(join(REPO_ROOT, file), 'utf8');
      assert.ok(committed === text, `${file} differs from what scripts/gen-reference.mjs generates from package.json: run node scripts/gen-reference.mjs`);
    }
  });

  it('lists every setting with its default and description', () => {
    const pkg = readPkg();
    const text = renderSettings(pkg);
    for (const [key, spec] of Object.entries(pkg.contributes.configuration.properties)) {
      assert.ok(text.includes(`| \`${key}\` | \`${JSON.stringify(spec.default)}\` |`), `${key} with its default`);
      const words = (spec.markdownDescription ?? '').split(' ').slice(0, 4).join(' ');
      assert.ok(text.includes(words), `${key}'s description`);
    }
  });

  it('lists every command with its palette title, and says which are not in the palette', () => {
    const pkg = readPkg();
    const text = renderCommands(pkg);
    const hidden = new Set(pkg.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
    const [palette, elsewhere] = text.split('## On tree items');
    for (const c of pkg.contributes.commands) {
      assert.ok(text.includes(`| **Sentry: ${c.title}** | \`${c.command}\` |`), `${c.command} as "Sentry: ${c.title}"`);
      assert.ok((hidden.has(c.command) ? elsewhere : palette)!.includes(`\`${c.command}\``), `${c.command} in the wrong section`);
    }
  });

  it('a setting added to package.json appears in the generated settings (the check has teeth)', () => {
    const pkg = readPkg();
    pkg.contributes.configuration.properties['sentry.capture.newThing'] = { default: 7, markdownDescription: 'A brand new | piped setting.' };
    const text = renderSettings(pkg);
    assert.match(text, /\| `sentry\.capture\.newThing` \| `7` \| any \| user or workspace \| A brand new \\\| piped setting\. \|/);
    assert.notEqual(text, readFileSync(join(REPO_ROOT, SETTINGS_FILE), 'utf8'));
  });

  it('refuses a command without a line saying what it does, and a line for a command that is gone', () => {
    const pkg = readPkg();
    pkg.contributes.commands.push({ command: 'sentry.brandNew', title: 'Brand New', category: 'Sentry' });
    assert.throws(() => renderCommands(pkg), /scripts\/commandNotes\.mjs has no line for sentry\.brandNew/);
    assert.throws(() => renderCommands(readPkg(), { ...COMMAND_NOTES, 'sentry.gone': 'was here' }), /describes sentry\.gone, which package\.json no longer contributes/);
    const withNote = renderCommands(pkg, { ...COMMAND_NOTES, 'sentry.brandNew': 'Does the new thing.' });
    assert.match(withNote, /\| \*\*Sentry: Brand New\*\* \| `sentry\.brandNew` \| palette \| Does the new thing\. \|/);
    assert.notEqual(withNote, readFileSync(join(REPO_ROOT, COMMANDS_FILE), 'utf8'));
  });
});
