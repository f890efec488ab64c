// `npm run screenshots`: runs the e2e flows that photograph the real UI
// (Create Issue, status-bar tooltip, captured error in the tree with its
// frames and the editor at the top frame, the details webview, the Problems
// panel, REST API issues under their projects) with
// SENTRY_LENS_SCREENSHOTS=1, so the harness writes the PNGs into
// media/screenshots/ for the README. Prints which files were written.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(repo, 'media', 'screenshots');
const started = Date.now();
const res = spawnSync(process.execPath, [join(repo, 'test', 'run-all.mjs'), 'e2e'], {
  cwd: repo,
  stdio: 'inherit',
  env: { ...process.env, SENTRY_LENS_SCREENSHOTS: '1', MOCHA_GREP: process.env.MOCHA_GREP || 'issue 2|issue 3|issue 4|issue 5' },
});
const written = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.png') && statSync(join(dir, f)).mtimeMs >= started) : [];
console.log(written.length ? `\nwritten to media/screenshots/: ${written.sort().join(', ')}` : '\nno screenshot was written');
process.exit(res.status === 0 && written.length ? 0 : 1);
