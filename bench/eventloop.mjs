// The extension host's event-loop delay while local capture takes a load:
// 2,000 error events/s (a real @sentry/node envelope, fresh event id per
// request), then 20,000 log lines/s (`log` envelope items of 100 lines,
// application/vnd.sentry.items.log+json, built from the Spotlight fixture),
// each for DURATION seconds, sent at a fixed rate (open loop) from this
// process, after DURATION seconds of no load (what the shared machine alone
// does to the host's event loop: the baseline of the same run). The "host" is a child process that does what a window does for
// local capture (bench/eventloop/host.ts): the store, followed, with the
// Errors tree's issue index over it, and the listener either on its own
// thread (before) or on a worker thread (after). It prints p50/p99/max of
// its event-loop delay (perf_hooks.monitorEventLoopDelay), the CPU its
// process used (all threads) and what its store saw. Target: p99 < 10 ms at
// both rates. The two designs take the same load in turn, ROUNDS times, and
// the table shows each one's median round.
//
//   node bench/eventloop.mjs [--duration S] [--rounds R]   (default 5 s, 3)
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { recordNodeSdkEnvelope } from './capture/recordEnvelope.mjs';
import { cpuTimesOf, numberArg } from './childProcesses.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..');
const DURATION = numberArg('--duration', 5);
const ROUNDS = numberArg('--rounds', 3);
if (!(DURATION >= 1 && DURATION <= 60) || !(ROUNDS >= 1 && ROUNDS <= 9)) {
  console.error('--duration must be 1..60 seconds and --rounds 1..9');
  process.exit(2);
}
const TARGET_P99_MS = 10;
const LOGS_PER_ENVELOPE = 100;
const RATES = [
  { name: 'idle', label: 'no load (the machine\'s own noise)', perSecond: 0, requestsPerSecond: 0 },
  { name: 'errors', label: '2,000 events/s', perSecond: 2000, requestsPerSecond: 2000 },
  { name: 'logs', label: '20,000 log lines/s', perSecond: 20000, requestsPerSecond: 20000 / LOGS_PER_ENVELOPE },
];

const tmp = mkdtempSync(join(tmpdir(), 'sentry-lens-eventloop-'));
const children = [];
process.on('exit', () => {
  children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  rmSync(tmp, { recursive: true, force: true });
});

// The worker as it ships: bundled by esbuild from its entry, like esbuild.mjs does.
const workerPath = join(tmp, 'listenerWorker.js');
await esbuild.build({ entryPoints: [join(repoRoot, 'src/listenerWorker.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: workerPath, logLevel: 'warning' });

const { body: template, query } = await recordNodeSdkEnvelope(repoRoot);
const text = template.toString('utf8');
const originalId = /"event_id":"([0-9a-f]{32})"/.exec(text)[1];
const parts = text.split(originalId);
let counter = 0;
const errorBody = () => parts.join((Date.now().toString(16) + (counter++).toString(16).padStart(12, '0')).padStart(32, '0').slice(-32));

const fixture = readFileSync('/work/shared/fixtures/envelopes/spotlight/log_envelope.txt', 'utf8').split('\n');
const fixtureItems = JSON.parse(fixture[2]).items;
const logBody = () => {
  const now = Date.now() / 1000;
  const items = Array.from({ length: LOGS_PER_ENVELOPE }, (_, i) => ({ ...fixtureItems[i % fixtureItems.length], timestamp: now }));
  return `${fixture[0]}\n${JSON.stringify({ type: 'log', item_count: items.length, content_type: 'application/vnd.sentry.items.log+json' })}\n${JSON.stringify({ items })}\n`;
};

function startHost(design, dir) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', join(here, 'eventloop/host.ts'), design, dir, workerPath], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(c);
    const lines = createInterface({ input: c.stdout });
    const waiting = [];
    lines.on('line', (l) => {
      const m = /^port (\d+)$/.exec(l);
      if (m) resolve({ child: c, port: Number(m[1]), next: () => new Promise((r) => waiting.push(r)) });
      else waiting.shift()?.(l);
    });
    c.on('exit', (code) => reject(new Error(`host ${design} exited (${code}) before listening`)));
  });
}

/** Sends `rate.requestsPerSecond` requests a second for `seconds`, in 10 ms ticks, never waiting for answers (open loop). */
async function drive(port, rate, seconds) {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const path = rate.name === 'errors' ? `/api/1/envelope/${query}` : '/api/1/envelope/?sentry_key=public';
  let sent = 0;
  let ok = 0;
  let failed = 0;
  const inflight = new Set();
  const started = Date.now();
  const end = started + seconds * 1000;
  while (Date.now() < end) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate.requestsPerSecond);
    while (sent < due) {
      sent++;
      const body = rate.name === 'errors' ? errorBody() : logBody();
      const p = new Promise((resolve) => {
        const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/x-sentry-envelope', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) ok++;
            else failed++;
            resolve();
          });
        });
        req.on('error', () => {
          failed++;
          resolve();
        });
        req.end(body);
      });
      inflight.add(p);
      void p.then(() => inflight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.all(inflight);
  agent.destroy();
  return { sent, ok, failed, seconds: (Date.now() - started) / 1000 };
}

function cpuMsOf(pid) {
  const t = cpuTimesOf(pid);
  return t.user + t.system;
}

console.log(`load: ${RATES.map((r) => r.label).join(', then ')}; ${DURATION} s each, ${ROUNDS} rounds per design; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start\n`);
const results = { 'in-thread': { idle: [], errors: [], logs: [] }, worker: { idle: [], errors: [], logs: [] } };
for (let round = 0; round < ROUNDS; round++) {
  for (const design of round % 2 === 0 ? ['in-thread', 'worker'] : ['worker', 'in-thread']) {
    const dir = mkdtempSync(join(tmp, `${design}-`));
    const host = await startHost(design, dir);
    for (const rate of RATES) {
      if (rate.requestsPerSecond) await drive(host.port, { ...rate, requestsPerSecond: rate.requestsPerSecond / 4 }, 1); // warm up
      const cpuBefore = cpuMsOf(host.child.pid);
      host.child.stdin.write('begin\n');
      const load = await drive(host.port, rate, DURATION);
      await new Promise((r) => setTimeout(r, 300)); // the host's store catches up with the last writes
      host.child.stdin.write('end\n');
      const m = JSON.parse(await host.next());
      results[design][rate.name].push({ ...m, ...load, processCpuMs: cpuMsOf(host.child.pid) - cpuBefore });
    }
    host.child.stdin.write('quit\n');
    await new Promise((r) => host.child.on('exit', r));
  }
}

const median = (xs) => [...xs].sort((a, b) => a.p99 - b.p99)[Math.floor(xs.length / 2)];
console.log('| design | load | acknowledged | host event-loop delay p50 / p99 / max | host thread busy | process CPU (all threads) | target p99 < 10 ms |');
console.log('|---|---|---:|---:|---:|---:|---|');
const summary = {};
for (const design of ['in-thread', 'worker']) {
  for (const rate of RATES) {
    const m = median(results[design][rate.name]);
    summary[`${design}/${rate.name}`] = m.p99;
    const acked = rate.requestsPerSecond ? `${Math.round(m.ok / m.seconds).toLocaleString('en-US')}/s${m.failed ? ` (${m.failed} refused)` : ''}` : '';
    console.log(
      `| ${design} | ${rate.label} | ${acked} | ${m.p50} / **${m.p99}** / ${m.max} ms | ${Math.round(m.busyMs / m.seconds)} ms/s | ${Math.round(m.processCpuMs / m.seconds)} ms/s | ${!rate.requestsPerSecond ? '' : m.p99 < TARGET_P99_MS ? 'met' : '**not met**'} |`,
    );
  }
}
console.log(`\np99 ratio in-thread / worker: errors ${(summary['in-thread/errors'] / summary['worker/errors']).toFixed(1)}x, logs ${(summary['in-thread/logs'] / summary['worker/logs']).toFixed(1)}x (rounds: ${ROUNDS}; load average ${loadavg()[0].toFixed(1)} at end)`);
