import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A real directory tree in a temp folder; `files` maps relative paths to contents. */
export function makeTree(files: Record<string, string>, prefix = 'sentry-lens-tree-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  writeTree(root, files);
  return root;
}

export function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, ...rel.split('/'));
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
}

export function removeTree(root: string | undefined): void {
  if (root) rmSync(root, { recursive: true, force: true });
}

export const FIXTURES = join(__dirname, '../../../../shared/fixtures');
