import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EventStore, WRITER_LOCK_FILE } from '../../src/capture/kinds/events/eventStore';
import { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } from '../../src/capture/kinds/durableTelemetryStore';
import { logKind } from '../../src/capture/kinds/logs/logKind';
import { WorkerCaptureListener } from '../../src/capture/worker/workerListener';
import { fixtures, repoRoot, tempDir, waitFor } from './captureHelpers';
import { listenerWorkerBundle } from './helpers/listenerWorkerBundle';

const postEvent = async (port: number, n: number): Promise<string | undefined> => {
  const res = await fetch(`http://127.0.0.1:${port}/api/1/store/?sentry_key=k`, {
    method: 'POST',
    body: JSON.stringify({ message: `worker test event ${n}`, level: 'error', extra: { password: 'hunter2', n } }),
  }).catch(() => undefined);
  if (!res || res.status !== 200) return undefined;
  return ((await res.json()) as { id: string }).id;
};

describe('capture on a worker thread', function () {
  this.timeout(60_000);
  const dir = tempDir('sentry-lens-worker-');
  const stores: EventStore[] = [];
  const listeners: WorkerCaptureListener[] = [];
  let workerPath: string;
  before(async () => {
    workerPath = await listenerWorkerBundle();
  });
  afterEach(async () => {
    for (const l of listeners.splice(0)) await l.stop();
    for (const s of stores.splice(0)) await s.close();
  });
  after(() => dir.remove());

  const start = async (storeDir = dir.path) => {
    const listener = new WorkerCaptureListener({ workerPath, storeDir, maxEvents: 10_000, scrubbing: { extraKeys: [], extraPatterns: [] }, projects: [], version: 'test' });
    listeners.push(listener);
    return { listener, result: await listener.start({ host: '127.0.0.1', port: 0 }) };
  };

  it("takes events on the worker, scrubbed and durable; the host's following store sees them; stop closes the store and lets go of its lock", async () => {
    const host = await EventStore.open(dir.path, { maxEvents: 10_000, follow: true, pollIntervalMs: 50 });
    stores.push(host);
    const { listener, result } = await start();
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.equal(listener.listening, true);
    assert.equal(listener.dsn(), `http://public@127.0.0.1:${listener.port}/1`);
    const envelope = readFileSync(join(fixtures, 'envelopes/spotlight/envelope_javascript.txt'));
    const env = await fetch(`http://127.0.0.1:${listener.port}/stream`, { method: 'POST', body: envelope });
    assert.equal(env.status, 200);
    const id = await postEvent(listener.port, 1);
    assert.ok(id);
    await waitFor(() => host.get(id) !== undefined && host.size === 2, 10_000, 20);
    assert.equal((host.get(id)!.event.extra as Record<string, unknown>).password, '[Filtered]', 'scrubbed on the worker');
    const stats = await listener.stats();
    assert.equal(stats.captured, 2);
    assert.equal(stats.responses[200], 2);
    assert.ok(existsSync(join(dir.path, WRITER_LOCK_FILE)), 'the worker holds the writer lock while it writes');
    await listener.stop();
    assert.equal(listener.listening, false);
    assert.equal(existsSync(join(dir.path, WRITER_LOCK_FILE)), false, 'stop closed the store and let go of the lock');
    assert.equal(await postEvent(result.ok ? result.value.port : 0, 2), undefined, 'the port is closed');
  });

  it("keeps spans and logs from the worker in the store, within the bounds it was given, for the read API and the host's following store", async () => {
    const host = await EventStore.open(dir.path, { maxEvents: 10_000, follow: true, pollIntervalMs: 50, kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds({ maxTraces: 10, maxLogs: 5 }) });
    stores.push(host);
    const listener = new WorkerCaptureListener({
      workerPath,
      storeDir: dir.path,
      maxEvents: 10_000,
      telemetry: { maxTraces: 10, maxLogs: 5 },
      scrubbing: { extraKeys: [], extraPatterns: [] },
      projects: [],
      version: 'test',
    });
    listeners.push(listener);
    const r = await listener.start({ host: '127.0.0.1', port: 0 });
    assert.ok(r.ok);
    const envelope = readFileSync(join(fixtures, 'envelopes/spotlight/log_envelope.txt'));
    assert.equal((await fetch(`http://127.0.0.1:${listener.port}/stream`, { method: 'POST', body: envelope })).status, 200);
    const logs = (await (await fetch(`http://127.0.0.1:${listener.port}/logs?limit=100`)).json()) as { logs: Array<{ body: string }> };
    assert.equal(logs.logs.length, 5, 'the fixture has 7 lines; the bound keeps the newest 5');
    assert.ok(logs.logs.some((l) => l.body === 'Cache miss for user'));
    // One log item, one batch: the host holds its 7 lines; readers see the newest 5 (the bound).
    await waitFor(() => host.records.kind(logKind).weight === 7, 10_000, 20);
    const following = new DurableTelemetryStore(host.records, { maxTraces: 10, maxLogs: 5 });
    assert.deepEqual(following.logs.newestFirst(100).map((l) => l.body), logs.logs.map((l) => l.body), 'the host reads the lines the listener answers with');
    following.dispose();
    listener.setTelemetryBounds({ maxTraces: 10, maxLogs: 2 });
    await listener.stats(); // messages to the worker arrive in order: once this answers, the bounds are applied
    const fewer = (await (await fetch(`http://127.0.0.1:${listener.port}/logs?limit=100`)).json()) as { logs: unknown[] };
    assert.equal(fewer.logs.length, 2);
  });

  it('reports why it cannot listen, and ends the worker', async () => {
    const busy: Server = createServer((_req, res) => res.end());
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    try {
      const port = (busy.address() as AddressInfo).port;
      const listener = new WorkerCaptureListener({ workerPath, storeDir: dir.path, maxEvents: 10_000, scrubbing: { extraKeys: [], extraPatterns: [] }, projects: [], version: 'test' });
      listeners.push(listener);
      const r = await listener.start({ host: '127.0.0.1', port });
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.code, 'port-in-use');
      assert.equal(!r.ok && r.code === 'port-in-use' && r.ownedBySentryLens, false);
      assert.equal(listener.listening, false);
      // a second start after the failed one works (the failed worker is gone)
      await waitFor(() => (listener as unknown as { worker?: unknown }).worker === undefined, 5000, 20);
      const again = await listener.start({ host: '127.0.0.1', port: 0 });
      assert.ok(again.ok);
    } finally {
      busy.close();
    }
  });

  it('without the vendor.js it shares with the lazy chunk, fails to start with the sentence that names it', async () => {
    const alone = tempDir('sentry-lens-worker-novendor-');
    try {
      copyFileSync(workerPath, join(alone.path, 'listenerWorker.js'));
      const listener = new WorkerCaptureListener({ workerPath: join(alone.path, 'listenerWorker.js'), storeDir: dir.path, maxEvents: 10_000, scrubbing: { extraKeys: [], extraPatterns: [] }, projects: [], version: 'test' });
      listeners.push(listener);
      const r = await listener.start({ host: '127.0.0.1', port: 0 });
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.reason, /part of the extension \(vendor\.js\) could not be loaded; reinstall Sentry Lens/);
      assert.equal(listener.listening, false);
    } finally {
      alone.remove();
    }
  });

  it('passes a bad scrubbing pattern back as a warning and scrubs with the built-in rules', async () => {
    const warnings: string[] = [];
    const logger = { trace() {}, debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
    const listener = new WorkerCaptureListener({ workerPath, storeDir: dir.path, maxEvents: 10_000, scrubbing: { extraKeys: [], extraPatterns: ['('] }, projects: [], version: 'test', logger });
    listeners.push(listener);
    const r = await listener.start({ host: '127.0.0.1', port: 0 });
    assert.ok(r.ok);
    await waitFor(() => warnings.some((w) => /extraPatterns is wrong/.test(w)), 5000, 20);
  });

  it("passes the worker's log lines on with the one tag of the part that wrote them", async () => {
    const lines: string[] = [];
    const keep = (m: string) => lines.push(m);
    const logger = { trace: keep, debug: keep, info: keep, warn: keep, error: keep };
    const listener = new WorkerCaptureListener({ workerPath, storeDir: dir.path, maxEvents: 10_000, scrubbing: { extraKeys: [], extraPatterns: [] }, projects: [], version: 'test', logger });
    listeners.push(listener);
    const r = await listener.start({ host: '127.0.0.1', port: 0 });
    assert.ok(r.ok);
    await waitFor(() => lines.some((l) => /listening on/.test(l)), 5000, 20);
    const listening = lines.find((l) => /listening on/.test(l))!;
    assert.match(listening, /^\[capture\] listening on http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(lines.filter((l) => /^\[(\w+)\] \[\1\]/.test(l)), [], 'no line carries its tag twice');
  });

  describe('kill -9 of the process whose worker captures', () => {
    let child: ChildProcess | undefined;
    const crashDir = tempDir('sentry-lens-worker-crash-');
    after(() => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      crashDir.remove();
    });

    it('loses no acknowledged event and leaves a store that loads', async () => {
      child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/integration/helpers/workerHost.ts'), crashDir.path, workerPath], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      const proc = child;
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        proc.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        proc.on('exit', (code) => reject(new Error(`worker host exited early (${code})`)));
      });
      const acked: string[] = [];
      let n = 0;
      let killed = false;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (!killed) {
            const id = await postEvent(port, n++);
            if (id && !killed) acked.push(id);
            if (acked.length >= 300 && !killed) {
              killed = true;
              proc.kill('SIGKILL');
            }
          }
        }),
      );
      await new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));
      const store = await EventStore.open(crashDir.path, { maxEvents: 10_000 });
      stores.push(store);
      const missing = acked.filter((id) => !store.get(id));
      assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged events are missing`);
      assert.equal(store.skipped, 0);
    });
  });
});
