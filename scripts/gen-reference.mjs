// Writes docs/reference/settings.md and docs/reference/commands.md from
// package.json (and the one-line notes of scripts/commandNotes.mjs), so the
// reference cannot drift from what the extension contributes:
//
//   node scripts/gen-reference.mjs           write both files
//   node scripts/gen-reference.mjs --check   exit 1 (and say which) when a committed file differs
//
// test/unit/scripts/genReference.test.ts runs the same check in `npm test`.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMAND_NOTES } from './commandNotes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SETTINGS_FILE = 'docs/reference/settings.md';
export const COMMANDS_FILE = 'docs/reference/commands.md';
const HOW = 'Generated from `package.json` by `node scripts/gen-reference.mjs`: edit package.json (or `scripts/commandNotes.mjs`) and run it; `npm test` fails while this file and package.json disagree.';

/** A Markdown table cell: one line, pipes escaped. */
function cell(text) {
  return String(text).replace(/\r?\n+/g, ' ').replace(/\|/g, '\\|').trim();
}

const SCOPES = {
  application: 'user settings only',
  machine: 'user settings only (this machine)',
  'machine-overridable': 'user or workspace',
  window: 'user or workspace',
  resource: 'user, workspace or folder',
  'language-overridable': 'user, workspace, folder or language',
};

function typeOf(spec) {
  if (spec.enum) return spec.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ');
  const t = Array.isArray(spec.type) ? spec.type.join(' or ') : spec.type;
  if (t === 'array' && spec.items?.type === 'object') return `array of { ${Object.keys(spec.items.properties ?? {}).join(', ')} }`;
  if (t === 'array' && spec.items?.type) return `array of ${spec.items.type}s`;
  if (t === 'number' || t === 'integer') {
    if (spec.minimum !== undefined && spec.maximum !== undefined) return `${t}, ${spec.minimum} to ${spec.maximum}`;
    if (spec.minimum !== undefined) return `${t}, at least ${spec.minimum}`;
    if (spec.maximum !== undefined) return `${t}, at most ${spec.maximum}`;
  }
  return t ?? 'any';
}

/** The settings reference: one table per group of `sentry.<group>.*` keys, in package.json's order. */
export function renderSettings(pkg) {
  const conf = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  const props = Object.assign({}, ...conf.map((c) => c.properties ?? {}));
  const restricted = new Set(pkg.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []);
  const groups = new Map();
  for (const [key, spec] of Object.entries(props)) {
    const parts = key.split('.');
    const group = parts.length > 2 ? `${parts.slice(0, -1).join('.')}.*` : 'General';
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push([key, spec]);
  }
  const out = [
    '# Settings',
    '',
    `<!-- ${HOW} -->`,
    '',
    `Every setting Sentry Lens contributes (${Object.keys(props).length}), with its default. Open them with **Preferences: Open Settings** and search for \`sentry.\`. `
      + 'The DSN, the auth token and the webhook secret are not settings: they live in VS Code’s SecretStorage (**Sentry: Set DSN**, **Sentry: Set Auth Token**, **Sentry: Set Webhook Client Secret**). '
      + 'Settings marked *restricted* are not read from the workspace while it is untrusted (a workspace could otherwise redirect the auth token or expose the listener).',
    '',
  ];
  for (const [group, rows] of groups) {
    out.push(`## ${group === 'General' ? group : `\`${group}\``}`, '', '| setting | default | type | where it can be set | what it does |', '|---|---|---|---|---|');
    for (const [key, spec] of rows) {
      const where = `${SCOPES[spec.scope ?? 'window'] ?? spec.scope}${restricted.has(key) ? '; *restricted*' : ''}`;
      const choices = spec.enum && spec.enumDescriptions ? ` ${spec.enum.map((v, i) => `\`${JSON.stringify(v)}\`: ${spec.enumDescriptions[i]}`).join(' ')}` : '';
      const text = `${spec.markdownDescription ?? spec.description ?? ''}${choices}`;
      out.push(`| \`${key}\` | \`${cell(JSON.stringify(spec.default))}\` | ${cell(typeOf(spec))} | ${cell(where)} | ${cell(text)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

const VIEW_NAMES = (pkg) => {
  const names = new Map();
  for (const list of Object.values(pkg.contributes.views ?? {})) for (const v of list) names.set(v.id, v.name);
  return names;
};

/** How a key chord reads: ctrl+alt+f8 -> Ctrl+Alt+F8. */
function chord(k) {
  return k
    .split('+')
    .map((p) => (p.length === 1 ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1)))
    .join('+');
}

/** Where a command can be run from, read from menus and keybindings. */
function placesOf(pkg, id) {
  const menus = pkg.contributes.menus ?? {};
  const names = VIEW_NAMES(pkg);
  const places = [];
  const palette = (menus.commandPalette ?? []).find((m) => m.command === id);
  if (!palette) places.push('palette');
  else if (palette.when !== 'false') places.push(`palette (when \`${palette.when}\`)`);
  const viewOf = (when) => /\bview == ([\w.-]+)/.exec(when ?? '')?.[1];
  const title = new Set();
  for (const m of menus['view/title'] ?? []) {
    if (m.command !== id) continue;
    const view = names.get(viewOf(m.when)) ?? viewOf(m.when) ?? 'a view';
    title.add(`${view} view ${m.group?.startsWith('navigation') ? 'toolbar' : '“…” menu'}`);
  }
  places.push(...title);
  const items = new Map(); // view -> { menu, inline }
  for (const m of menus['view/item/context'] ?? []) {
    if (m.command !== id) continue;
    const view = names.get(viewOf(m.when)) ?? viewOf(m.when) ?? 'a view';
    const seen = items.get(view) ?? { menu: false, inline: false };
    if (m.group?.startsWith('inline')) seen.inline = true;
    else seen.menu = true;
    items.set(view, seen);
  }
  for (const [view, { menu, inline }] of items) {
    places.push(`${view} tree items (${menu && inline ? 'right-click menu and inline button' : menu ? 'right-click menu' : 'inline button'})`);
  }
  for (const k of pkg.contributes.keybindings ?? []) {
    if (k.command !== id) continue;
    places.push(`\`${chord(k.key)}\`${k.mac ? ` (\`${chord(k.mac)}\` on macOS)` : ''}`);
  }
  return places;
}

/** The commands reference: every command with its palette title, id, where it runs from and what it does. */
export function renderCommands(pkg, notes = COMMAND_NOTES) {
  const commands = pkg.contributes.commands ?? [];
  const missing = commands.map((c) => c.command).filter((id) => !notes[id]);
  if (missing.length) throw new Error(`scripts/commandNotes.mjs has no line for ${missing.join(', ')}: say what the command does there`);
  const stale = Object.keys(notes).filter((id) => !commands.some((c) => c.command === id));
  if (stale.length) throw new Error(`scripts/commandNotes.mjs describes ${stale.join(', ')}, which package.json no longer contributes`);
  const row = (c) => {
    const name = `${c.category ? `${c.category}: ` : ''}${c.title}`;
    const places = placesOf(pkg, c.command);
    return `| **${cell(name)}** | \`${c.command}\` | ${cell(places.join(', ') || 'run by the extension itself')} | ${cell(notes[c.command])} |`;
  };
  const inPalette = commands.filter((c) => placesOf(pkg, c.command).some((p) => p.startsWith('palette')));
  const elsewhere = commands.filter((c) => !inPalette.includes(c));
  const head = ['| command | id | where | what it does |', '|---|---|---|---|'];
  return [
    '# Commands',
    '',
    `<!-- ${HOW} -->`,
    '',
    `Every command Sentry Lens contributes (${commands.length}). In the Command Palette (\`F1\` or \`Ctrl+Shift+P\`) they show as **Sentry: …**. `
      + 'Commands that act on one item of a tree (an issue, an event, a frame) are not in the palette: they are on the item’s right-click menu, where their subject is plain.',
    '',
    `## In the Command Palette (${inPalette.length})`,
    '',
    ...head,
    ...inPalette.map(row),
    '',
    `## On tree items and elsewhere (${elsewhere.length})`,
    '',
    ...head,
    ...elsewhere.map(row),
    '',
  ].join('\n');
}

/** Each generated file with the text it should hold. */
export function generatedFiles(pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))) {
  return [
    { file: SETTINGS_FILE, text: renderSettings(pkg) },
    { file: COMMANDS_FILE, text: renderCommands(pkg) },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { file, text } of generatedFiles()) {
    const path = join(root, file);
    let current;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    if (check) {
      console.error(`${file} is out of date: run node scripts/gen-reference.mjs`);
      stale += 1;
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      console.log(`wrote ${file}`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
