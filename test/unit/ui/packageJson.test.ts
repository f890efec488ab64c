import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CommandIds } from '../../../src/ui/common/commandIds';
import { SETTING_KEYS, type ConfigSource, readSettings } from '../../../src/ui/settings/settingsModel';

const root = join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes;
const commands: Array<{ command: string; title: string; category?: string }> = contributes.commands;
const properties: Record<string, Record<string, unknown>> = contributes.configuration.properties;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every command id registered in the shell: `registerCommand(<id>` and the views' `reg(<id>` helper, ids as literals or CommandIds.x. */
function registeredCommands(): Map<string, string> {
  const found = new Map<string, string>();
  const files = [...walk(join(root, 'src/ui')), join(root, 'src/extension.ts'), join(root, 'src/shell.ts')];
  const re = /\b(?:registerCommand|reg)\(\s*(?:'([^']+)'|"([^"]+)"|CommandIds\.(\w+))/g;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(re)) {
      const id = m[1] ?? m[2] ?? (CommandIds as Record<string, string>)[m[3]!];
      assert.ok(id, `${relative(root, f)} registers CommandIds.${m[3]}, which does not exist`);
      found.set(id, relative(root, f));
    }
  }
  return found;
}

/** Commands that need a tree item (or the status bar) as their argument: hidden from the palette. */
const ITEM_ONLY = [
  'sentry.openFrame',
  'sentry.markResolved',
  'sentry.markUnresolved',
  'sentry.deleteEvent',
  'sentry.issue.resolve',
  'sentry.issue.ignore',
  'sentry.issue.unresolve',
  'sentry.issue.assignToMe',
  'sentry.issue.openInSentry',
  'sentry.issue.copyLink',
  'sentry.statusBarMenu',
  'sentry.errors.showMore',
  'sentry.openTextFrame',
  // They act on the tree item they are run on (an issue, an event, a frame): on its right-click menu, not in the palette.
  'sentry.openEvent',
  'sentry.debugEvent',
  'sentry.copyForAi',
  'sentry.showTraceOfEvent',
  'sentry.explainFrameResolution',
  'sentry.addCodeMapping',
];

/** A title with its verb of showing, plurals and punctuation dropped: two commands whose keys match look alike. */
function lookalikeKey(title: string): string {
  return title
    .toLowerCase()
    .replace(/[…?.]/g, '')
    .replace(/^(open|show|go to|view) /, '')
    .split(' ')
    .map((w) => w.replace(/s$/, ''))
    .join(' ');
}

describe('package.json contributions', () => {
  it('declares exactly the command ids of CommandIds', () => {
    assert.deepEqual(commands.map((c) => c.command).sort(), Object.values(CommandIds).sort());
  });

  it('registers every declared command in code, and declares every registered one', () => {
    const registered = registeredCommands();
    const declared = new Set(commands.map((c) => c.command));
    const missing = [...declared].filter((id) => !registered.has(id));
    const undeclared = [...registered.keys()].filter((id) => !declared.has(id));
    assert.deepEqual(missing, [], `declared in package.json but never registered: ${missing.join(', ')}`);
    assert.deepEqual(undeclared, [], `registered but not declared: ${undeclared.map((id) => `${id} (${registered.get(id)})`).join(', ')}`);
  });

  it('gives every command the category "Sentry" and a title', () => {
    for (const c of commands) {
      assert.equal(c.category, 'Sentry', `${c.command} has category ${c.category}`);
      assert.ok(c.title && c.title.trim() === c.title, `${c.command} needs a title`);
    }
  });

  it('hides the item-only commands from the palette with when: false, and only those', () => {
    const hidden = (contributes.menus.commandPalette as Array<{ command: string; when: string }>).filter((m) => m.when === 'false').map((m) => m.command);
    assert.deepEqual([...hidden].sort(), [...ITEM_ONLY].sort());
  });

  it('gives no two commands lookalike titles ("Show Log" / "Show Logs", "Open Trace" / "Show Trace")', () => {
    const seen = new Map<string, string>();
    for (const c of commands) {
      const key = lookalikeKey(c.title);
      assert.ok(!seen.has(key), `"${c.title}" (${c.command}) looks like "${seen.get(key)}": pick titles a newcomer tells apart`);
      seen.set(key, c.title);
    }
    assert.equal(lookalikeKey('Show Logs'), lookalikeKey('Show Log'));
    assert.equal(lookalikeKey('Open Trace'), lookalikeKey('Show Trace'));
  });

  it('uses only declared commands in menus and welcome views', () => {
    const declared = new Set(commands.map((c) => c.command));
    for (const [menu, items] of Object.entries(contributes.menus as Record<string, Array<{ command: string }>>)) {
      for (const i of items) assert.ok(declared.has(i.command), `menu ${menu} uses undeclared ${i.command}`);
    }
    for (const w of contributes.viewsWelcome as Array<{ contents: string }>) {
      for (const m of w.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(declared.has(m[1]!), `welcome view uses undeclared ${m[1]}`);
    }
  });

  it('shows the right item commands for the contextValues the views set', () => {
    const items = contributes.menus['view/item/context'] as Array<{ command: string; when: string }>;
    const visible = (contextValue: string) =>
      new Set(
        items
          .filter((m) => {
            const re = /^view == sentry\.errors && viewItem =~ \/(.*)\/$/.exec(m.when);
            assert.ok(re, `unexpected when clause ${m.when}`);
            return new RegExp(re[1]!).test(contextValue);
          })
          .map((m) => m.command),
      );
    const expect = (ctx: string, shown: string[], hidden: string[]) => {
      const v = visible(ctx);
      for (const c of shown) assert.ok(v.has(c), `${c} should show on "${ctx}"`);
      for (const c of hidden) assert.ok(!v.has(c), `${c} should not show on "${ctx}"`);
    };
    const api = ['sentry.issue.resolve', 'sentry.issue.ignore', 'sentry.issue.unresolve', 'sentry.issue.assignToMe', 'sentry.issue.openInSentry', 'sentry.issue.copyLink'];
    expect('issue captured unresolved', ['sentry.openEvent', 'sentry.markResolved'], ['sentry.markUnresolved', 'sentry.deleteEvent', ...api]);
    expect('issue captured resolved', ['sentry.openEvent', 'sentry.markUnresolved'], ['sentry.markResolved', ...api]);
    expect('event captured', ['sentry.openEvent', 'sentry.deleteEvent'], ['sentry.markResolved', 'sentry.openFrame', ...api]);
    expect('frame inApp', ['sentry.openFrame', 'sentry.explainFrameResolution', 'sentry.addCodeMapping'], ['sentry.openEvent', ...api]);
    expect('libraryFrames', [], ['sentry.openFrame', 'sentry.explainFrameResolution']);
    expect('apiIssue unresolved', ['sentry.issue.resolve', 'sentry.issue.ignore', 'sentry.issue.assignToMe', 'sentry.issue.openInSentry', 'sentry.issue.copyLink'], ['sentry.issue.unresolve', 'sentry.markResolved', 'sentry.deleteEvent']);
    expect('apiIssue resolved', ['sentry.issue.unresolve', 'sentry.issue.ignore'], ['sentry.issue.resolve']);
    expect('apiIssue ignored', ['sentry.issue.unresolve', 'sentry.issue.resolve'], ['sentry.issue.ignore']);
    expect('apiProject', [], [...api, 'sentry.openEvent', 'sentry.debugEvent']);
    for (const ctx of ['issue captured unresolved', 'event captured', 'exception', 'apiIssue unresolved']) expect(ctx, ['sentry.debugEvent'], []);
    for (const ctx of ['frame inApp', 'libraryFrames', 'showMore', 'message']) expect(ctx, [], ['sentry.debugEvent']);
  });

  it('contributes the event replay debugger', () => {
    const [dbg] = contributes.debuggers;
    assert.equal(dbg.type, 'sentry-replay');
    assert.deepEqual(Object.keys(dbg.configurationAttributes.launch.properties).sort(), ['eventId', 'issueId']);
  });

  it('declares the Sentry container with the Errors view and lazy activation (never "*")', () => {
    assert.deepEqual(contributes.viewsContainers.activitybar, [{ id: 'sentry', title: 'Sentry', icon: 'media/sentry.svg' }]);
    assert.equal(contributes.views.sentry[0].id, 'sentry.errors');
    assert.equal(contributes.views.sentry[0].name, 'Errors');
    assert.deepEqual(pkg.activationEvents, ['onView:sentry.errors', 'onStartupFinished', 'onDebugResolve:sentry-replay']);
    assert.equal(pkg.main, './dist/extension.js');
    readFileSync(join(root, 'media/sentry.svg'), 'utf8');
  });

  it('offers Set DSN, Copy Local DSN, Start Local Capture and Set Auth Token when nothing is configured', () => {
    const first = (contributes.viewsWelcome as Array<{ when: string; contents: string }>)[0]!;
    for (const id of ['sentry.setDsn', 'sentry.copyLocalDsn', 'sentry.startCapture', 'sentry.setAuthToken']) assert.ok(first.contents.includes(`(command:${id})`), id);
  });
});

describe('settings: defaults live only in package.json', () => {
  const keys = Object.keys(properties).map((k) => k.replace(/^sentry\./, ''));

  it('declares a type, a default, a description and a scope for every setting', () => {
    for (const [key, p] of Object.entries(properties)) {
      assert.ok(p.type, `${key} has no type`);
      assert.ok('default' in p, `${key} has no default`);
      assert.ok(p.description || p.markdownDescription, `${key} has no description`);
      assert.ok(p.scope, `${key} has no scope`);
    }
  });

  it('reads exactly the declared settings', () => {
    assert.deepEqual(Object.values(SETTING_KEYS).sort(), keys.sort());
  });

  it('gives the package.json defaults when nothing is set, and when a value has the wrong type', () => {
    const defaults = new Map(Object.entries(properties).map(([k, p]) => [k.replace(/^sentry\./, ''), p.default]));
    const unset: ConfigSource = { get: (k) => defaults.get(k), defaultOf: (k) => defaults.get(k) };
    const wrong: ConfigSource = { get: () => ({ not: 'a valid value' }), defaultOf: (k) => defaults.get(k) };
    for (const src of [unset, wrong]) {
      const s = readSettings(src) as unknown as Record<string, unknown>;
      for (const [field, key] of Object.entries(SETTING_KEYS)) assert.deepEqual(s[field], defaults.get(key), field);
    }
  });

  it('keeps the contract defaults', () => {
    const d = (k: string) => properties[`sentry.${k}`]!.default;
    assert.equal(d('environment'), 'development');
    assert.equal(d('capture.port'), 8969);
    assert.equal(d('capture.host'), '127.0.0.1');
    assert.equal(d('capture.maxEvents'), 10000);
    assert.equal(d('api.baseUrl'), 'https://sentry.io');
    assert.equal(d('api.query'), 'is:unresolved');
    assert.equal(d('api.pollIntervalSeconds'), 60);
    assert.equal(properties['sentry.api.pollIntervalSeconds']!.minimum, 10);
  });

  it('never passes a default to a configuration get() in the code', () => {
    const settingNames = new Set(keys);
    const re = /\.get(?:<[^>]*>)?\(\s*'([^']+)'\s*,/g;
    for (const f of walk(join(root, 'src'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(re)) {
        assert.ok(!settingNames.has(m[1]!.replace(/^sentry\./, '')), `${relative(root, f)} passes a default for ${m[1]}`);
      }
    }
  });

  it('lets a restricted workspace neither redirect the token nor expose the listener', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    for (const k of ['sentry.api.baseUrl', 'sentry.capture.host']) {
      assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(k), k);
      assert.ok(['application', 'machine'].includes(properties[k]!.scope as string), `${k} must not be a workspace setting`);
    }
  });
});
