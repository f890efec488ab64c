// Capture throughput: one real @sentry/node error envelope (recorded at start)
// posted by autocannon, same load and same run, against
//   1. our listener with its durable store (fsync before every 200),
//   2. the Spotlight sidecar (@spotlightjs/spotlight, in memory),
//   3. a bare node:http server that only answers 200.
// Every request carries a fresh event id; afterwards the store is reopened and
// every acknowledged event must be in it. Prints a markdown table and ratios.
//
//   node bench/capture.mjs [--duration S] [--connections N] [--rounds R]   (default 6 s, 20, 3)
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordNodeSdkEnvelope } from './capture/recordEnvelope.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const DURATION = arg('--duration', 6);
const ROUNDS = arg('--rounds', 3);
const CONNECTIONS = arg('--connections', 20);
if (!(DURATION >= 1 && DURATION <= 120) || !(CONNECTIONS >= 1 && CONNECTIONS <= 200) || !(ROUNDS >= 1 && ROUNDS <= 9)) {
  console.error('--duration must be 1..120 seconds, --connections 1..200 and --rounds 1..9');
  process.exit(2);
}

const children = [];
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

function startChild(cmd, args, portPattern) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
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

function stopChild(c) {
  return new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
    setTimeout(() => c.kill('SIGKILL'), 5000).unref();
  });
}

const { body: template, query } = await recordNodeSdkEnvelope(repoRoot);
const text = template.toString('utf8');
const originalId = /"event_id":"([0-9a-f]{32})"/.exec(text)[1];
const parts = text.split(originalId);
let counter = 0;
const nextBody = () => {
  const id = (Date.now().toString(16) + (counter++).toString(16).padStart(12, '0')).padStart(32, '0').slice(-32);
  return parts.join(id);
};
console.log(`envelope: ${template.length} bytes from @sentry/node (event id replaced per request), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s per server\n`);

async function load(port, path) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [{ method: 'POST', path, setupRequest: (req) => ({ ...req, body: nextBody() }) }],
  });
  return { rps: result.requests.average, p99: result.latency.p99, ok: result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts };
}

// The three servers run side by side; the load goes to each in turn, ROUNDS
// times, and the median round counts (the machine is shared: rounds spread
// the noise over all three alike).
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const storeDir = mkdtempSync(join(tmpdir(), 'sentry-lens-bench-store-'));
const targets = [];
let rows;
try {
  const ours = await startChild(process.execPath, ['--import', 'tsx', join(here, 'capture/listenerServer.ts'), storeDir], /port (\d+)/);
  const spot = await startChild(join(repoRoot, 'node_modules/.bin/spotlight'), ['server', '-p', '0'], /(?:localhost|127\.0\.0\.1|\[::\]|0\.0\.0\.0):(\d+)/);
  const bare = await startChild(process.execPath, [join(here, 'capture/bareServer.mjs')], /port (\d+)/);
  targets.push(
    { name: 'Sentry Lens listener (durable store, fsync before 200)', ...ours, runs: [] },
    { name: 'Spotlight sidecar 4.11.8 (in memory)', ...spot, runs: [] },
    { name: 'bare node:http (answers 200 only)', ...bare, runs: [] },
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of targets) t.runs.push(await load(t.port, `/api/1/envelope/${query}`));
  }
  for (const t of targets) await stopChild(t.child);
  const { EventStore } = await import('../src/capture/eventStore.ts');
  const store = await EventStore.open(storeDir, { maxEvents: 1_000_000 });
  targets[0].stored = store.size;
  await store.close();
  rows = targets.map((t) => {
    const rps = median(t.runs.map((r) => r.rps));
    return {
      name: t.name,
      rps,
      rounds: t.runs.map((r) => r.rps.toFixed(0)).join(' / '),
      p99: median(t.runs.map((r) => r.p99)),
      ok: t.runs.reduce((n, r) => n + r.ok, 0),
      non2xx: t.runs.reduce((n, r) => n + r.non2xx, 0),
      errors: t.runs.reduce((n, r) => n + r.errors + r.timeouts, 0),
      stored: t.stored,
    };
  });
} finally {
  for (const t of targets) await stopChild(t.child);
  rmSync(storeDir, { recursive: true, force: true });
}

const [us, spotlight, bareRow] = rows;
console.log('| server | req/s (median) | req/s per round | p99 ms (median) | 2xx | non-2xx | errors |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.rounds} | ${r.p99} | ${r.ok} | ${r.non2xx} | ${r.errors} |`);
const vsSpotlight = us.rps / spotlight.rps;
const vsBare = us.rps / bareRow.rps;
console.log(`\nSentry Lens / Spotlight: ${vsSpotlight.toFixed(1)}x req/s (target >= 10x); p99 ${us.p99} ms vs ${spotlight.p99} ms`);
console.log(`Sentry Lens / bare node:http: ${vsBare.toFixed(2)}x req/s (target >= 0.5x); p99 ${us.p99} ms vs ${bareRow.p99} ms`);
console.log(`acknowledged ${us.ok}, stored ${us.stored}: ${us.stored >= us.ok ? 'every acknowledged event was stored' : 'EVENTS LOST'}`);
let failed = us.stored < us.ok || us.non2xx > 0;
if (vsSpotlight < 10) console.log('below the 10x Spotlight target');
if (vsBare < 0.5) console.log('below the 0.5x bare-server target');
process.exit(failed ? 1 : 0);
