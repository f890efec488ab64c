// The README's promise, "after cloning: npm start", taken literally, as on a
// new machine: the repository's committed HEAD cloned into a temporary folder
// with no node_modules and an empty cache folder (SENTRY_LENS_CACHE), then
// `npm start` there installs what it needs by itself (npm ci, Node 24 and
// code-server, each through the npm that `npm start` runs in) and serves the
// workbench. The printed address answers 200; Ctrl-C (SIGINT to the
// whole process group, as a terminal sends it) stops everything, leaves no
// process behind and removes its temporary folder. The clone's `npm ci` reads
// the machine's npm cache first (--prefer-offline); code-server's install
// into the empty cache takes about three minutes. This is the one test of the
// install path with nothing cached.
import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot } from './harness';

function git(args: string[], cwd: string): string {
  const res = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    throw new Error(`git ${args.join(' ')} failed in ${cwd} (${res.error?.message ?? `exit ${res.status}`}): ${res.stderr ?? ''}`);
  }
  return res.stdout.trim();
}

/** The environment of a person's shell: none of the npm_* variables the running `npm test` set. */
function shellEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  }
  return { ...env, ...extra };
}

/** Live processes whose environment carries `mark` (every descendant of the run inherits it), with their command lines. */
function processesMarked(mark: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').includes(mark)) continue;
      found.push(`${pid}: ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim()} (cwd ${readlinkSync(`/proc/${pid}/cwd`)})`);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: () => boolean, timeout: number): Promise<boolean> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (what()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return what();
}

/** GETs `url` until it answers 200; returns the last status (or error) seen. */
async function answers200(url: string, timeout: number, exited: () => boolean): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = 'no answer';
  while (Date.now() < deadline && !exited()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      last = `HTTP ${res.status}`;
      if (res.status === 200) return last;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return last;
}

describe('e2e: a fresh clone on a new machine (empty cache), then `npm start` by itself', function () {
  it('installs its npm dependencies, Node 24 and code-server, serves the workbench at the printed address, and stops cleanly on Ctrl-C', async function () {
    this.timeout(30 * 60_000);
    const work = mkdtempSync(join(tmpdir(), 'sentry-lens-fresh-clone-'));
    const clone = join(work, 'repo');
    const tmp = join(work, 'tmp');
    mkdirSync(tmp);
    const cache = join(work, 'cache');
    mkdirSync(cache);
    const mark = `SENTRY_LENS_FRESH_CLONE_MARK=${randomUUID()}`;
    let child: ChildProcess | undefined;
    let out = '';
    let exitCode: number | null | undefined;
    try {
      const head = git(['rev-parse', 'HEAD'], repoRoot);
      git(['clone', '--quiet', '--no-checkout', repoRoot, clone], work);
      git(['checkout', '--quiet', '--detach', head], clone);
      assert.ok(!existsSync(join(clone, 'node_modules')), 'the clone starts without node_modules');

      const port = await freePort();
      const [markKey, markValue] = mark.split('=') as [string, string];
      const env = shellEnv({ SENTRY_LENS_BROWSER: '1', SENTRY_LENS_PORT: String(port), SENTRY_LENS_CACHE: cache, TMPDIR: tmp, [markKey]: markValue });
      child = spawn('npm', ['start'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
      child.on('exit', (code) => (exitCode = code));

      const printed = await until(() => exitCode !== undefined || /Open http:\/\/127\.0\.0\.1:\d+\/\S*/.test(out), 25 * 60_000);
      const address = /Open (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out)?.[1];
      assert.ok(printed && address, `npm start in the fresh clone printed no address${exitCode !== undefined ? ` (it exited ${exitCode})` : ''}:\n${out.slice(-4000)}`);
      assert.match(out, /npm ci \(node_modules is missing\): installed/, 'it installed the npm dependencies itself');
      assert.match(out, new RegExp(`Node 24 into ${escapeRegExp(cache)}/node24: installed`), 'it installed Node 24 into the empty cache');
      assert.match(out, new RegExp(`code-server into ${escapeRegExp(cache)}/code-server \\(a few minutes, once\\): installed`), 'it installed code-server into the empty cache');
      assert.equal(await answers200(address!, 120_000, () => exitCode !== undefined), 'HTTP 200', `the printed address did not answer 200:\n${out.slice(-2000)}`);
      // The check below for processes left behind sees the running ones: code-server among them.
      assert.ok(processesMarked(mark).some((p) => p.includes('code-server')), `code-server is not among the marked processes:\n${processesMarked(mark).join('\n')}`);
    } finally {
      if (child?.pid) {
        // Ctrl-C in a terminal signals the whole foreground process group.
        try {
          process.kill(-child.pid, 'SIGINT');
        } catch {
          // already gone
        }
        const stopped = await until(() => exitCode !== undefined && !groupAlive(child!.pid!) && processesMarked(mark).length === 0, 30_000);
        const left = processesMarked(mark);
        if (!stopped) {
          for (const line of left) {
            try {
              process.kill(Number(line.split(':')[0]), 'SIGKILL');
            } catch {
              // gone meanwhile
            }
          }
        }
        const tempLeft = readdirSync(tmp).filter((n) => n.startsWith('sentry-lens-start-'));
        rmSync(work, { recursive: true, force: true });
        assert.deepEqual(left, [], `processes left behind after Ctrl-C:\n${out.slice(-2000)}`);
        assert.notEqual(exitCode, undefined, 'npm start did not stop on Ctrl-C');
        assert.deepEqual(tempLeft, [], 'npm start left its temporary folder behind');
      } else {
        rmSync(work, { recursive: true, force: true });
      }
    }
  });
});
