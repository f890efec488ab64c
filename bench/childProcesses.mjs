// The benches' servers under test run as child processes: started until they
// print their port, stopped with SIGTERM (SIGKILL after 5 s), and never left
// behind when the bench exits; the three the ingest benches compare; the CPU
// time a child has used; and the benches' numeric arguments.
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const children = [];
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

/** Starts `cmd args` in `cwd` and resolves with the child and the port `portPattern` finds in its output. */
export function startChild(cwd, cmd, args, portPattern) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    children.push(c);
    let out = '';
    const onData = (d) => {
      out += d.toString();
      const m = portPattern.exec(out);
      if (m) resolve({ child: c, port: Number(m[1]) });
    };
    c.stdout.on('data', onData);
    c.stderr.on('data', onData);
    c.on('exit', (code) => reject(new Error(`${cmd} ${args.join(' ')} exited (${code}) before listening:\n${out}`)));
  });
}

/** Stops a child (SIGTERM, then SIGKILL after 5 s) and resolves once it exited. */
export function stopChild(c) {
  return new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
    setTimeout(() => c.kill('SIGKILL'), 5000).unref();
  });
}

/** The median of the numbers that are not NaN; NaN when there are none. */
export function median(xs) {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** CPU time a process has used so far, in ms, as user and kernel (system) time, from /proc (Linux; NaN elsewhere). 10 ms resolution. */
export function cpuTimesOf(pid) {
  try {
    // The fields after the command name (which may hold spaces) start at the last ')'.
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop().trim().split(' ');
    return { user: (Number(f[11]) * 1000) / 100, system: (Number(f[12]) * 1000) / 100 };
  } catch {
    return { user: NaN, system: NaN };
  }
}

/**
 * The three servers capture.mjs and traces.mjs send to, started: our listener
 * (bench/capture/listenerServer.ts, bundled by esbuild into `buildDir` as it
 * ships, not run through tsx's loader; its store in `storeDir`, then
 * `listenerArgs`), Spotlight's sidecar, and a bare node:http server.
 */
export async function startIngestServers(repoRoot, buildDir, storeDir, listenerArgs) {
  const serverJs = join(buildDir, 'listenerServer.cjs');
  await esbuild.build({ entryPoints: [join(repoRoot, 'bench/capture/listenerServer.ts')], outfile: serverJs, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  const ours = await startChild(repoRoot, process.execPath, [serverJs, storeDir, ...listenerArgs], /port (\d+)/);
  const spot = await startChild(repoRoot, join(repoRoot, 'node_modules/.bin/spotlight'), ['server', '-p', '0'], /(?:localhost|127\.0\.0\.1|\[::\]|0\.0\.0\.0):(\d+)/);
  const bare = await startChild(repoRoot, process.execPath, [join(repoRoot, 'bench/capture/bareServer.mjs')], /port (\d+)/);
  return [
    { key: 'ours', name: 'Sentry Lens listener (durable store, 200 once written)', ...ours, store: storeDir, acked: [], runs: [] },
    { key: 'spotlight', name: 'Spotlight sidecar 4.11.8 (in memory)', ...spot, runs: [] },
    { key: 'bare', name: 'bare node:http (reads the body, answers 200)', ...bare, runs: [] },
  ];
}

/** The number after `--name` on the command line, or `dflt`. */
export function numberArg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
