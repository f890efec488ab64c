// The set-up shared by the README's two commands, `npm start` (scripts/start.mjs)
// and `npm test` (test/run-all.mjs), so both work on a fresh clone by
// themselves. Node built-ins only: it runs before any npm package is installed.
// Each step checks cheaply first and installs only what is missing, printing
// one line with what it did and the time it took:
// - the npm dependencies (`npm ci`) when node_modules is missing or older than
//   package-lock.json;
// - Debian packages with apt-get when running as root, or else a message
//   naming the one command to run;
// - Node 24 and code-server for the real VS Code, cached outside the clone
//   (scripts/install-vscode-deps.mjs).
// A missing piece ends in a SetupError whose message says what is missing and
// how to install it: callers print the message, never a stack trace.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InstallError, codeServerProblem, ensureCodeServer, ensureNode24, node24Problem, vscodeDepsPaths } from './install-vscode-deps.mjs';

/** Debian packages: the Python SDK every test layer runs; the e2e layer's browser; code-server's build headers. */
export const DEBIAN_SDK = ['python3-sentry-sdk'];
export const DEBIAN_BROWSER = ['chromium'];
export const DEBIAN_CODE_SERVER_BUILD = ['libkrb5-dev', 'libxkbfile-dev', 'libsecret-1-dev'];

/** The Node floor, read from package.json's "engines" (">=20.19.0"): one place says it. */
export function nodeFloor(repo = join(import.meta.dirname, '..')) {
  const range = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).engines?.node ?? '';
  const m = /^>=\s*(\d+)\.(\d+)(?:\.\d+)?$/.exec(range.trim());
  if (!m) throw new Error(`package.json engines.node is "${range}"; setup reads only ">=MAJOR.MINOR.PATCH"`);
  return [Number(m[1]), Number(m[2])];
}
const npmCmd = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A missing piece that could not be installed; the message says what to do. */
export class SetupError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SetupError';
  }
}

function seconds(ms) {
  const s = ms / 1000;
  return s < 10 ? s.toFixed(1) : s.toFixed(0);
}

/**
 * One step: prints "<prefix>: <title>: <outcome> (<t> s)" on one line. `fn` returns the outcome
 * text; commands it runs keep their output to show it only when they fail.
 */
export function step(prefix, title, fn) {
  const started = Date.now();
  process.stdout.write(`${prefix}: ${title}: `);
  try {
    const outcome = fn();
    process.stdout.write(`${outcome} (${seconds(Date.now() - started)} s)\n`);
    return outcome;
  } catch (e) {
    process.stdout.write(`failed (${seconds(Date.now() - started)} s)\n`);
    throw e;
  }
}

/** Runs a command with its output kept; on failure the output's tail and `hint` go into a SetupError. */
export function runQuiet(cmd, args, { cwd, env = process.env, what, hint }) {
  const res = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 << 20 });
  if (res.error) {
    throw new SetupError(`${what}: could not run ${cmd} (${res.error.code ?? 'not found'}). ${hint}`);
  }
  if (res.status !== 0) {
    const tail = `${res.stdout ?? ''}${res.stderr ?? ''}`.trimEnd().split('\n').slice(-40).join('\n');
    throw new SetupError(`${tail}\n${what} failed (exit ${res.status ?? res.signal}). ${hint}`);
  }
  return res.stdout;
}

/** The floor of package.json's "engines" or later. */
export function checkNode(version = process.versions.node, floor = nodeFloor()) {
  const [major, minor] = version.split('.').map(Number);
  if (major < floor[0] || (major === floor[0] && minor < floor[1])) {
    throw new SetupError(`Node ${version} is too old: Sentry Lens needs Node ${floor.join('.')} or later (install it from https://nodejs.org or your package manager).`);
  }
}

function lockHash(repo) {
  return createHash('sha256').update(readFileSync(join(repo, 'package-lock.json'))).digest('hex');
}

/** Why node_modules must be (re)installed, or undefined when it matches package-lock.json. */
export function npmDepsStale(repo) {
  const lock = join(repo, 'package-lock.json');
  const modules = join(repo, 'node_modules');
  const hidden = join(modules, '.package-lock.json');
  if (!existsSync(lock)) throw new SetupError(`${lock} is missing: run this from a full clone of the repository.`);
  if (!existsSync(modules)) return 'node_modules is missing';
  if (!existsSync(hidden)) return 'node_modules is incomplete';
  if (statSync(hidden).mtimeMs >= statSync(lock).mtimeMs) return undefined;
  // Older by date, yet the same lock it was installed from (a checkout only touched the file).
  const marker = join(modules, '.sentry-lens-lock-sha256');
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === lockHash(repo)) return undefined;
  return 'node_modules is older than package-lock.json';
}

/** `npm ci` when node_modules is missing or stale; the npm cache is used first, the registry for the rest. */
export function ensureNpmDeps(repo, prefix) {
  const why = npmDepsStale(repo);
  if (!why) return step(prefix, 'npm dependencies', () => 'up to date');
  return step(prefix, `npm ci (${why})`, () => {
    runQuiet(npmCmd, ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: repo,
      what: 'npm ci',
      hint: 'Check the network or the npm registry settings, then run the command again.',
    });
    writeFileSync(join(repo, 'node_modules', '.sentry-lens-lock-sha256'), `${lockHash(repo)}\n`);
    return 'installed';
  });
}

/** The Debian packages among `names` that are not installed; undefined when this machine has no dpkg. */
export function missingDebianPackages(names) {
  if (names.length === 0) return [];
  const res = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...names], { encoding: 'utf8' });
  if (res.error) return undefined;
  const installed = new Set(
    res.stdout
      .split('\n')
      .filter((l) => l.endsWith(' install ok installed'))
      .map((l) => l.split(' ')[0].split(':')[0]),
  );
  return names.filter((n) => !installed.has(n));
}

/** Installs the missing ones with apt-get as root; otherwise a SetupError naming the command to run. */
export function ensureDebianPackages(names, prefix, why, { root = typeof process.getuid !== 'function' || process.getuid() === 0 } = {}) {
  const unique = [...new Set(names)];
  if (unique.length === 0) return;
  const missing = missingDebianPackages(unique);
  if (missing === undefined) {
    step(prefix, 'Debian packages', () => `no dpkg on this machine; ${why} needs the equivalents of: ${unique.join(' ')}`);
    return;
  }
  if (missing.length === 0) {
    step(prefix, 'Debian packages', () => 'present');
    return;
  }
  const command = `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (!root) {
    throw new SetupError(`${why} needs the Debian packages ${missing.join(', ')}, which are not installed. Install them with:\n  ${command}\nthen run the command again.`);
  }
  step(prefix, `apt-get install ${missing.join(' ')}`, () => {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const hint = `Install them by hand with: ${command}`;
    runQuiet('apt-get', ['update', '-q'], { env, what: 'apt-get update', hint });
    runQuiet('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env, what: 'apt-get install', hint });
    return 'installed';
  });
}

/** Node 24 and code-server in the cache (~/.cache/sentry-lens); returns their paths. */
export function ensureVscode(prefix, { chromium }) {
  const p = vscodeDepsPaths();
  const wrap = (fn) => () => {
    try {
      fn();
      return 'installed';
    } catch (e) {
      if (e instanceof SetupError) throw e;
      const message = e instanceof Error ? e.message : String(e);
      // "Check the network" only when the network is what failed; otherwise the install's own output says why.
      const hint = e instanceof InstallError && e.network ? 'Check the network or the npm registry settings, then run the command again.' : 'Fix what it printed above, then run the command again.';
      throw new SetupError(`${message}. ${hint}`);
    }
  };
  // Why a cache that is there is installed again, e.g. "(its install did not finish)".
  const why = (problem, ...more) => {
    const parts = [...more, ...(problem === 'not installed' ? [] : [problem])];
    return parts.length ? ` (${parts.join('; ')})` : '';
  };
  const node = node24Problem(p);
  if (node) step(prefix, `Node 24 into ${p.node24Dir}${why(node)}`, wrap(() => ensureNode24(p, process.env, { quiet: true })));
  // Checked once Node 24 is there: the check starts code-server with it.
  const cs = codeServerProblem(p);
  if (cs) step(prefix, `code-server into ${p.codeServerDir}${why(cs, 'a few minutes, once')}`, wrap(() => ensureCodeServer(p, process.env, { quiet: true })));
  if (!node && !cs) step(prefix, 'Node 24 and code-server', () => `present in ${p.cacheRoot}`);
  if (chromium && !existsSync(p.chromium)) {
    throw new SetupError(`${p.chromium} is missing: install it with: sudo apt-get install -y chromium`);
  }
  return p;
}

/** Prints a SetupError's message (no stack) and exits 1; other errors go on as they are. */
export function exitOnSetupError(e) {
  if (e instanceof SetupError) {
    console.error(`\n${e.message}`);
    process.exit(1);
  }
  throw e;
}
