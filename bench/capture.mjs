// Capture throughput: one real @sentry/node error envelope (recorded at start)
// posted by autocannon, same load and same run, against
//   1. our listener with its durable store (durability 'write': acknowledged
//      once written to the file, fdatasync in the background),
//   2. the Spotlight sidecar (@spotlightjs/spotlight, in memory),
//   3. a bare node:http server that only reads the body and answers 200,
//   (4. with --fsync: our listener with durability 'fsync', a sync before every 200).
// Every request carries a fresh event id; the ids our listener acknowledges
// (its 200 answers {"id": ...}) are kept, and afterwards each store is reopened
// in a fresh process and every one of them must be in it.
//
// The machine is shared and noisy (2 cores, other jobs): the servers run side
// by side and get the load in turn, ROUNDS times, in a rotating order; the
// table shows each server's median round, the ratios are the medians of the
// ratios measured within each round, and the server's CPU time per request
// (from /proc, immune to waiting for a busy core) is printed beside.
//
//   node bench/capture.mjs [--duration S] [--connections N] [--rounds R] [--fsync]   (default 4 s, 20, 5)
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, numberArg, startChild, startIngestServers, stopChild } from './childProcesses.mjs';
import { recordNodeSdkEnvelope } from './capture/recordEnvelope.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..');
const DURATION = numberArg('--duration', 4);
const ROUNDS = numberArg('--rounds', 5);
const CONNECTIONS = numberArg('--connections', 20);
const WITH_FSYNC = process.argv.includes('--fsync');
if (!(DURATION >= 1 && DURATION <= 120) || !(CONNECTIONS >= 1 && CONNECTIONS <= 200) || !(ROUNDS >= 1 && ROUNDS <= 15)) {
  console.error('--duration must be 1..120 seconds, --connections 1..200 and --rounds 1..15');
  process.exit(2);
}


/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

const load1 = () => loadavg()[0].toFixed(1);

const { body: template, query } = await recordNodeSdkEnvelope(repoRoot);
const text = template.toString('utf8');
const originalId = /"event_id":"([0-9a-f]{32})"/.exec(text)[1];
const parts = text.split(originalId);
let counter = 0;
const nextBody = () => {
  const id = (Date.now().toString(16) + (counter++).toString(16).padStart(12, '0')).padStart(32, '0').slice(-32);
  return parts.join(id);
};
console.log(
  `envelope: ${template.length} bytes from @sentry/node (event id replaced per request), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s per server, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start\n`,
);

async function load(t) {
  const cpuBefore = cpuSeconds(t.child.pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${t.port}`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        path: `/api/1/envelope/${query}`,
        setupRequest: (req) => ({ ...req, body: nextBody() }),
        // our listener answers {"id": "<event id>"}: keep every acknowledged id to look for in the store
        ...(t.acked ? { onResponse: (status, body) => status === 200 && t.acked.push(JSON.parse(body).id) } : {}),
      },
    ],
  });
  const cpu = cpuSeconds(t.child.pid) - cpuBefore;
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cpuUsPerReq: result['2xx'] > 0 ? (cpu * 1e6) / result['2xx'] : NaN,
  };
}

const storeDirs = [];
const targets = [];
let rows;
const loads = [];
try {
  const buildDir = mkdtempSync(join(tmpdir(), 'sentry-lens-bench-build-'));
  storeDirs.push(buildDir);
  const ourStore = mkdtempSync(join(tmpdir(), 'sentry-lens-bench-store-'));
  storeDirs.push(ourStore);
  targets.push(...(await startIngestServers(repoRoot, buildDir, ourStore, ['write'])));
  const serverJs = join(buildDir, 'listenerServer.cjs');
  if (WITH_FSYNC) {
    const strictStore = mkdtempSync(join(tmpdir(), 'sentry-lens-bench-store-'));
    storeDirs.push(strictStore);
    const strict = await startChild(repoRoot, process.execPath, [serverJs, strictStore, 'fsync'], /port (\d+)/);
    targets.push({ key: 'strict', name: "Sentry Lens listener, durability 'fsync' (200 once synced)", ...strict, store: strictStore, acked: [], runs: [] });
  }
  for (let round = 0; round < ROUNDS; round++) {
    // rotate the order so that no server always follows the same one
    const order = targets.map((_, i) => targets[(i + round) % targets.length]);
    const before = load1();
    for (const t of order) t.runs[round] = await load(t);
    loads.push(`${before}-${load1()}`);
    process.stderr.write(`round ${round + 1}/${ROUNDS} (load ${loads.at(-1)}): ${targets.map((t) => `${t.key} ${t.runs[round].rps.toFixed(0)}/s`).join(', ')}\n`);
  }
  for (const t of targets) await stopChild(t.child);
  for (const t of targets) {
    if (!t.store) continue;
    const idsFile = join(t.store, 'acked-ids.txt');
    writeFileSync(idsFile, t.acked.join('\n'));
    Object.assign(t, JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(here, 'capture/countStored.ts'), t.store, idsFile], { cwd: repoRoot, encoding: 'utf8' })));
  }
  rows = targets.map((t) => ({
    ...t,
    rps: median(t.runs.map((r) => r.rps)),
    rounds: t.runs.map((r) => r.rps.toFixed(0)).join(' / '),
    p99: median(t.runs.map((r) => r.p99)),
    cpu: median(t.runs.map((r) => r.cpuUsPerReq)),
    ok: t.runs.reduce((n, r) => n + r.ok, 0),
    non2xx: t.runs.reduce((n, r) => n + r.non2xx, 0),
    errors: t.runs.reduce((n, r) => n + r.errors + r.timeouts, 0),
  }));
} finally {
  for (const t of targets) await stopChild(t.child);
  for (const d of storeDirs) rmSync(d, { recursive: true, force: true });
}

const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
const roundRatio = (a, b) => median(byKey[a].runs.map((r, i) => r.rps / byKey[b].runs[i].rps));
console.log(`load average (1 min) before-after each round: ${loads.join(', ')}\n`);
console.log('| server | req/s (median) | req/s per round | p99 ms (median) | server CPU µs/req (median) | 2xx | non-2xx | errors |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.rounds} | ${r.p99} | ${r.cpu.toFixed(0)} | ${r.ok} | ${r.non2xx} | ${r.errors} |`);
const vsSpotlight = roundRatio('ours', 'spotlight');
const vsBare = roundRatio('ours', 'bare');
const us = byKey.ours;
console.log(`\nSentry Lens / Spotlight: ${vsSpotlight.toFixed(1)}x req/s (median of per-round ratios; target >= 10x); p99 ${us.p99} ms vs ${byKey.spotlight.p99} ms`);
console.log(`Sentry Lens / bare node:http: ${vsBare.toFixed(2)}x req/s (median of per-round ratios; target >= 0.5x); p99 ${us.p99} ms vs ${byKey.bare.p99} ms`);
if (byKey.strict) console.log(`durability 'fsync' / 'write': ${roundRatio('strict', 'ours').toFixed(2)}x req/s; p99 ${byKey.strict.p99} ms vs ${us.p99} ms`);
let failed = false;
for (const r of rows.filter((x) => x.store)) {
  const lost = r.missing > 0 || r.checked !== r.ok || r.stored < r.ok;
  failed ||= lost || r.non2xx > 0;
  console.log(
    `${r.key}: acknowledged ${r.ok} (ids checked ${r.checked}), stored ${r.stored}, missing ${r.missing}: ${lost ? 'EVENTS LOST' : 'every acknowledged event was stored'}`,
  );
}
if (vsSpotlight < 10) console.log('below the 10x Spotlight target');
if (vsBare < 0.5) console.log('below the 0.5x bare-server target');
process.exit(failed ? 1 : 0);
