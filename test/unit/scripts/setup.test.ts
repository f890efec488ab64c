import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SetupError, ensureDebianPackages, missingDebianPackages, npmDepsStale, runQuiet } from '../../../scripts/setup.mjs';

describe('scripts/setup: what `npm start` and `npm test` install on a fresh clone', () => {
  let repo: string;
  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'sentry-lens-setup-'));
    writeFileSync(join(repo, 'package-lock.json'), '{"lockfileVersion":3}\n');
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  const installed = (at: Date) => {
    mkdirSync(join(repo, 'node_modules'), { recursive: true });
    writeFileSync(join(repo, 'node_modules', '.package-lock.json'), '{}\n');
    utimesSync(join(repo, 'node_modules', '.package-lock.json'), at, at);
  };

  it('asks for npm ci when node_modules is missing, incomplete or older than package-lock.json', () => {
    assert.equal(npmDepsStale(repo), 'node_modules is missing');
    mkdirSync(join(repo, 'node_modules'));
    assert.equal(npmDepsStale(repo), 'node_modules is incomplete');
    installed(new Date(Date.now() - 60_000));
    assert.equal(npmDepsStale(repo), 'node_modules is older than package-lock.json');
    installed(new Date(Date.now() + 60_000));
    assert.equal(npmDepsStale(repo), undefined);
  });

  it('keeps node_modules when the lock is newer by date only, with the content it was installed from', () => {
    installed(new Date(Date.now() - 60_000));
    // sha256 of the lock above, as ensureNpmDeps records it after npm ci
    const hash = createHash('sha256').update('{"lockfileVersion":3}\n').digest('hex');
    writeFileSync(join(repo, 'node_modules', '.sentry-lens-lock-sha256'), `${hash}\n`);
    assert.equal(npmDepsStale(repo), undefined);
    writeFileSync(join(repo, 'node_modules', '.sentry-lens-lock-sha256'), 'another\n');
    assert.equal(npmDepsStale(repo), 'node_modules is older than package-lock.json');
  });

  it('says a clone without package-lock.json is not a full clone', () => {
    rmSync(join(repo, 'package-lock.json'));
    assert.throws(() => npmDepsStale(repo), (e: unknown) => e instanceof SetupError && /package-lock\.json is missing/.test(e.message));
  });

  it('finds which Debian packages are missing', () => {
    // dpkg itself is installed wherever dpkg-query runs; undefined means no dpkg at all.
    const missing = missingDebianPackages(['dpkg', 'sentry-lens-no-such-package']);
    assert.deepEqual(missing ?? ['sentry-lens-no-such-package'], ['sentry-lens-no-such-package']);
    assert.deepEqual(missingDebianPackages([]), []);
  });

  it('when not root, names the one command that installs the missing packages instead of a stack trace', () => {
    assert.throws(
      () => ensureDebianPackages(['sentry-lens-no-such-package'], 'test', 'the unit tests', { root: false }),
      (e: unknown) =>
        e instanceof SetupError &&
        e.message.includes('the unit tests needs the Debian packages sentry-lens-no-such-package') &&
        e.message.includes('sudo apt-get update && sudo apt-get install -y --no-install-recommends sentry-lens-no-such-package'),
    );
  });

  it('turns a command that cannot start or that fails into a sentence with the hint', () => {
    assert.throws(
      () => runQuiet('sentry-lens-no-such-command', [], { what: 'the step', hint: 'Install it.' }),
      (e: unknown) => e instanceof SetupError && /the step: could not run sentry-lens-no-such-command \(ENOENT\)\. Install it\./.test(e.message),
    );
    assert.throws(
      () => runQuiet(process.execPath, ['-e', 'console.log("why it failed"); process.exit(3)'], { what: 'the step', hint: 'Try again.' }),
      (e: unknown) => e instanceof SetupError && /why it failed\nthe step failed \(exit 3\)\. Try again\./.test(e.message),
    );
  });
});
