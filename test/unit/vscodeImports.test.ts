import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = join(__dirname, '../..');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|mts|cts|js|mjs)$/.test(p) ? [p] : [];
  });
}

const IMPORTS_VSCODE = /(?:\bfrom\s*['"]vscode['"]|\bimport\s*\(\s*['"]vscode['"]\s*\)|\brequire\s*\(\s*['"]vscode['"]\s*\)|^\s*import\s*['"]vscode['"])/m;

describe('only the shell imports vscode', () => {
  it('finds the pattern where it is (the check itself works)', () => {
    assert.ok(IMPORTS_VSCODE.test(readFileSync(join(root, 'src/extension.ts'), 'utf8')));
    assert.ok(IMPORTS_VSCODE.test("import type * as vscode from 'vscode';"));
    assert.ok(IMPORTS_VSCODE.test('const v = require("vscode");'));
    assert.ok(!IMPORTS_VSCODE.test("import { x } from './vscodeish';"));
  });

  it('no file outside src/ui/ and the composition root (src/extension.ts, src/shell.ts) imports vscode', () => {
    const offenders = walk(join(root, 'src'))
      .filter((f) => !f.startsWith(join(root, 'src', 'ui') + sep) && ![join(root, 'src', 'extension.ts'), join(root, 'src', 'shell.ts')].includes(f))
      .filter((f) => IMPORTS_VSCODE.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    assert.deepEqual(offenders, []);
  });

  it('the pure shell modules stay free of vscode too, so they are tested in plain Node', () => {
    for (const f of ['status/statusModel.ts', 'status/statusMenuItems.ts', 'settings/settingsModel.ts', 'secrets/dsnLabel.ts', 'common/commandIds.ts', 'api/apiHealthModel.ts', 'capture/localDsn.ts', 'agents/mcpEndpoint.ts', 'createIssue/createIssueAnswers.ts']) {
      assert.ok(!IMPORTS_VSCODE.test(readFileSync(join(root, 'src/ui', f), 'utf8')), f);
    }
  });
});
