// Traces and logs: three measurements, each against a baseline measured in the same run.
//
// 1. Log-heavy ingest: one real @sentry/node 11 envelope of 100 log lines
//    (recorded at start; a request id put in its headers' event_id and in each
//    line as the attribute `bench.request`) posted by autocannon to our
//    listener (durable store), to the Spotlight sidecar and to a bare node:http
//    server that only reads the body and answers 200 (the ceiling this load
//    generator allows on this machine), in turn, ROUNDS times. Log lines/s =
//    envelopes/s x 100. Each server's CPU time per envelope (from /proc) is
//    printed too: on a busy shared machine it moves far less than the rates.
//    Every envelope our listener
//    acknowledges (its 200 answers {"id": ...}) must have its 100 lines in the
//    store, reopened in a fresh process afterwards. (Spotlight skips an
//    envelope without a Content-Type, which the SDK does not send: both are
//    sent `application/x-sentry-envelope` so that Spotlight parses each one.)
// 2. The waterfall model of a 10,000-span trace (capture/kinds/traces/waterfall.ts),
//    against sorting the same spans by start time.
// 3. A logs query (`GET /logs?query=level:error body:*timeout*`, the route's
//    own function) over 100,000 kept lines, against Array.filter with the
//    same test written by hand over the same lines.
//
//   node bench/traces.mjs [--duration S] [--connections N] [--rounds R]   (default 3 s, 10, 3)
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordLogEnvelope } from './capture/recordEnvelope.mjs';
import { cpuTimesOf, median, numberArg, startIngestServers, stopChild } from './childProcesses.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..');
const DURATION = numberArg('--duration', 3);
const ROUNDS = numberArg('--rounds', 3);
const CONNECTIONS = numberArg('--connections', 10);

// ---- 1. log-heavy ingest ----
const { body: recorded, query } = await recordLogEnvelope(repoRoot);
const PLACEHOLDER = 'f'.repeat(32);
const [headerLine, itemHeader, payloadLine] = recorded.toString('utf8').split('\n');
const headers = { ...JSON.parse(headerLine), event_id: PLACEHOLDER };
const payload = JSON.parse(payloadLine);
for (const l of payload.items) l.attributes['bench.request'] = { value: PLACEHOLDER, type: 'string' };
const parts = `${JSON.stringify(headers)}\n${itemHeader}\n${JSON.stringify(payload)}\n`.split(PLACEHOLDER);
let counter = 0;
const nextBody = () => parts.join((Date.now().toString(16) + (counter++).toString(16).padStart(12, '0')).padStart(32, '0').slice(-32));
console.log(`envelope: ${Buffer.byteLength(nextBody())} bytes, 100 log lines from @sentry/node 11, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s per server, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);

const dirs = [];
const targets = [];
let ingest;
try {
  const buildDir = mkdtempSync(join(tmpdir(), 'sentry-lens-bench-build-'));
  dirs.push(buildDir);
  const store = mkdtempSync(join(tmpdir(), 'sentry-lens-bench-store-'));
  dirs.push(store);
  targets.push(...(await startIngestServers(repoRoot, buildDir, store, ['write', '10000', 'telemetry'])));
  for (let round = 0; round < ROUNDS; round++) {
    const order = targets.map((_, i) => targets[(i + round) % targets.length]);
    for (const t of order) {
      const cpu0 = cpuTimesOf(t.child.pid);
      const load0 = process.cpuUsage();
      const r = await autocannon({
        url: `http://127.0.0.1:${t.port}`,
        connections: CONNECTIONS,
        duration: DURATION,
        requests: [
          {
            method: 'POST',
            path: `/api/1/envelope/${query}`,
            headers: { 'content-type': 'application/x-sentry-envelope' },
            setupRequest: (req) => ({ ...req, body: nextBody() }),
            ...(t.acked ? { onResponse: (status, body) => status === 200 && t.acked.push(JSON.parse(body).id) } : {}),
          },
        ],
      });
      const load = process.cpuUsage(load0);
      const sent = r['2xx'] + r.non2xx;
      const cpu1 = cpuTimesOf(t.child.pid);
      const [user, kernel] = [(cpu1.user - cpu0.user) / sent, (cpu1.system - cpu0.system) / sent];
      t.runs[round] = { rps: r.requests.average, p99: r.latency.p99, ok: r['2xx'], bad: r.non2xx + r.errors + r.timeouts, cpu: user + kernel, kernel, loader: (load.user + load.system) / 1000 / sent };
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS}: ${targets.map((t) => `${t.key} ${t.runs[round].rps.toFixed(0)} envelopes/s`).join(', ')}\n`);
  }
  for (const t of targets) await stopChild(t.child);
  const ids = join(store, 'acked-ids.txt');
  writeFileSync(ids, targets[0].acked.join('\n'));
  Object.assign(targets[0], JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(here, 'traces/countLogs.ts'), store, ids], { cwd: repoRoot, encoding: 'utf8' })));
  const med = (t, k) => median(t.runs.map((r) => r[k]));
  ingest = targets.map((t) => ({ ...t, rps: med(t, 'rps'), p99: med(t, 'p99'), cpu: med(t, 'cpu'), kernel: med(t, 'kernel'), loader: med(t, 'loader'), ok: t.runs.reduce((n, r) => n + r.ok, 0), bad: t.runs.reduce((n, r) => n + r.bad, 0) }));
} finally {
  for (const t of targets) await stopChild(t.child);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
const [us, spot, bare] = ingest;
const roundRatio = (a, b, k) => median(a.runs.map((r, i) => r[k] / b.runs[i][k]));
const ingestRatio = roundRatio(us, spot, 'rps');
console.log('| server | envelopes/s (median) | log lines/s | p99 ms | server CPU ms / envelope (of it in the kernel) | load generator CPU ms / envelope | 2xx | other |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of ingest) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${(r.rps * 100).toFixed(0)} | ${r.p99} | ${r.cpu.toFixed(2)} (${r.kernel.toFixed(2)}) | ${r.loader.toFixed(2)} | ${r.ok} | ${r.bad} |`);
const lost = us.missing > 0 || us.checked !== us.ok;
console.log(`\nlog lines/s, Sentry Lens / Spotlight: ${ingestRatio.toFixed(1)}x (median of per-round ratios; target >= 10x)`);
console.log(`CPU per envelope, Spotlight / Sentry Lens: ${roundRatio(spot, us, 'cpu').toFixed(1)}x (the rate ratio a machine with CPU to spare for both would show)`);
console.log(`ceiling: the bare server took ${(bare.rps * 100).toFixed(0)} log lines/s, ${roundRatio(bare, spot, 'rps').toFixed(1)}x Spotlight; Sentry Lens / bare: ${roundRatio(us, bare, 'rps').toFixed(2)}x`);
console.log(`acknowledged ${us.ok} envelopes (ids checked ${us.checked}), ${us.stored} log lines stored, ${us.missing} envelopes missing lines: ${lost ? 'LOG LINES LOST' : 'every acknowledged log line was stored'}`);

// ---- 2 and 3: the models, in this process ----
const { buildWaterfall } = await import('../src/capture/kinds/traces/waterfall.ts');
const { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } = await import('../src/capture/kinds/durableTelemetryStore.ts');
const { EventStore } = await import('../src/capture/kinds/events/eventStore.ts');
const { listLogs } = await import('../src/capture/listener/telemetryRoutes.ts');
const time = (fn, n = 9) => {
  const xs = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
};
const hex = (n, len) => n.toString(16).padStart(len, '0');
const trace = hex(42, 32);
// A 10,000-span trace as an SDK builds it: a root, then spans nested up to 12 deep with siblings.
const spans = Array.from({ length: 10_000 }, (_, i) => ({
  traceId: trace,
  spanId: hex(i + 1, 16),
  parentSpanId: i === 0 ? null : hex(Math.floor((i - 1) / 3) + 1, 16),
  op: i % 5 ? 'db.query' : 'http.client',
  name: `span ${i}`,
  startTimestamp: 1_700_000_000 + ((i * 7919) % 10_000) / 1000,
  timestamp: 1_700_000_000 + ((i * 7919) % 10_000) / 1000 + 0.005,
  status: 'ok',
  isSegment: i === 0,
  attributes: {},
  receivedAt: 0,
}));
const wf = time(() => buildWaterfall(spans));
const wfBase = time(() => [...spans].sort((a, b) => a.startTimestamp - b.startTimestamp));
const rows = buildWaterfall(spans).rows.length;

const dir = mkdtempSync(join(tmpdir(), 'sentry-lens-bench-logs-'));
let q;
let qBase;
let hits;
try {
  const bounds = { maxTraces: 10, maxLogs: 100_000 };
  const store = await EventStore.open(dir, { maxEvents: 10, kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds(bounds) });
  const telemetry = new DurableTelemetryStore(store.records, bounds);
  const levels = ['info', 'warn', 'error', 'debug'];
  const lines = Array.from({ length: 100_000 }, (_, i) => ({
    timestamp: 1_700_000_000 + i / 1000,
    level: levels[i % 4],
    body: i % 97 ? `order ${i} processed in ${i % 300} ms` : `payment ${i} failed: upstream timeout after 30 s`,
    traceId: hex(i % 5000, 32),
    spanId: null,
    attributes: { orderId: `order_${i}`, region: i % 2 ? 'eu-west' : 'us-east' },
    receivedAt: i,
  }));
  await telemetry.appendLogs(lines);
  const url = new URL('http://127.0.0.1/logs?limit=1000&query=' + encodeURIComponent('level:error body:*timeout*'));
  hits = listLogs(telemetry, url).body.count;
  q = time(() => listLogs(telemetry, url));
  qBase = time(() => lines.filter((l) => l.level === 'error' && l.body.includes('timeout')).reverse().slice(0, 1000));
  telemetry.dispose();
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log('\n| model | ms (median of 9) | baseline | baseline ms | ratio | target |');
console.log('|---|---:|---|---:|---:|---|');
console.log(`| waterfall of a 10,000-span trace (${rows} rows) | ${wf.toFixed(1)} | sorting the spans by start | ${wfBase.toFixed(1)} | ${(wf / wfBase).toFixed(1)}x | < 50 ms |`);
console.log(`| logs query \`level:error body:*timeout*\` over 100,000 lines (${hits} hits) | ${q.toFixed(1)} | Array.filter written by hand | ${qBase.toFixed(1)} | ${(q / qBase).toFixed(1)}x | < 50 ms |`);
if (ingestRatio < 10) console.log('ingest below the 10x Spotlight target');
if (wf >= 50) console.log('waterfall above 50 ms');
if (q >= 50) console.log('logs query above 50 ms');
process.exit(lost || us.bad > 0 ? 1 : 0);
