// Root hooks of the e2e layer: package the extension once before any test
// (the tests run the same .vsix a person installs), keep a screenshot of every
// open window when a test fails, and always kill code-server and the browsers
// at the end, failures included.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { closeAllSessions, openSessions, packageVsix, vscodeDeps } from './harness';

before(function () {
  this.timeout(15 * 60_000); // a fresh machine installs code-server first
  vscodeDeps();
  packageVsix();
});

afterEach(async function () {
  if (this.currentTest?.state !== 'failed') return;
  const dir = join(tmpdir(), 'sentry-lens-e2e-failures');
  mkdirSync(dir, { recursive: true });
  const safe = (this.currentTest.fullTitle() || 'test').replace(/[^\w.-]+/g, '_').slice(0, 120);
  for (const [i, s] of openSessions().entries()) {
    const file = join(dir, `${safe}-${i}.png`);
    await s.page.screenshot({ path: file }).then(
      () => console.error(`      screenshot of the failure: ${file}`),
      () => undefined,
    );
  }
});

after(async function () {
  this.timeout(60_000);
  await closeAllSessions();
});
