import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The README is the newcomer's first read and the Marketplace page: the two
// commands it gives must exist, the Node floor must be package.json's, every
// screenshot and doc it links must exist. The reference of every setting and
// command is docs/reference, generated from package.json and checked by
// test/unit/scripts/genReference.test.ts.
const root = join(__dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('README', () => {
  it('sends the reader to the generated reference for every setting and command', () => {
    assert.match(readme, /\]\(docs\/reference\/settings\.md\)/);
    assert.match(readme, /\]\(docs\/reference\/commands\.md\)/);
  });

  it('fits a newcomer’s first read: under 250 lines', () => {
    const lines = readme.split('\n').length;
    assert.ok(lines < 250, `the README is ${lines} lines: move detail into docs/`);
  });

  it('gives every feature one paragraph and a link to its page in docs/, which exists', () => {
    const features = readme.split(/^## What it does$/m)[1]?.split(/^## /m)[0];
    assert.ok(features, 'the README has a "What it does" section');
    const sections = features.split(/^### /m).slice(1);
    const names = sections.map((s) => s.split('\n')[0]!.trim());
    for (const name of ['The Errors tree', 'Local capture', 'Traces and logs', 'Search', 'From a frame to a file', 'Stack traces anywhere', 'Debug Event', 'Agents (MCP)', 'Create Issue', 'Your Sentry projects', 'The CLI']) {
      assert.ok(names.includes(name), `no "${name}" feature in the README (has: ${names.join(', ')})`);
    }
    for (const s of sections) {
      const name = s.split('\n')[0]!.trim();
      const docs = [...s.matchAll(/\]\((docs\/[^)#\s]+\.md)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
      assert.ok(docs.length > 0, `the README's "${name}" paragraph links to no page in docs/`);
      for (const d of docs) assert.ok(existsSync(join(root, d)), `the README's "${name}" links to ${d}, which does not exist`);
      const prose = s.split('\n').slice(1).filter((l) => l.trim() && !l.startsWith('![')).length;
      assert.ok(prose <= 12, `the README's "${name}" is ${prose} lines: one short paragraph, the rest in ${docs[0]}`);
    }
  });

  it('links only to files that exist', () => {
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/i.test(l));
    for (const l of links) assert.ok(existsSync(join(root, l)), `README links to ${l}, which does not exist`);
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
