import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { EventStore } from '../../src/capture/kinds/events/eventStore';
import { repoRoot, tempDir } from './captureHelpers';

function postEvent(port: number, n: number, agent: Agent): Promise<string | undefined> {
  const body = JSON.stringify({ message: `crash test event ${n}`, level: 'error', extra: { n, pad: 'p'.repeat(500) } });
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/1/store/?sentry_key=k', agent, headers: { 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(res.statusCode === 200 ? (JSON.parse(Buffer.concat(chunks).toString()) as { id: string }).id : undefined);
          } catch {
            resolve(undefined);
          }
        });
        res.on('error', () => resolve(undefined));
      },
    );
    req.on('error', () => resolve(undefined));
    req.end(body);
  });
}

describe('capture: kill -9 under load', function () {
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  const dir = tempDir('sentry-lens-crash-');
  after(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    dir.remove();
  });

  it('loses no acknowledged event and leaves a store that loads', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), 'capture', '--port', '0', '--store', dir.path, '--json'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = child;
    proc.stdout!.resume();
    const port = await new Promise<number>((resolve, reject) => {
      let err = '';
      proc.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      proc.on('exit', (code) => reject(new Error(`capture exited early (${code}): ${err}`)));
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    const acked: string[] = [];
    let sent = 0;
    let killed = false;
    const worker = async () => {
      while (!killed || sent < 50) {
        const id = await postEvent(port, sent++, agent);
        if (killed && id === undefined) return;
        if (id) acked.push(id);
        if (acked.length >= 400 && !killed) {
          killed = true;
          // Mid-load: the other workers' requests are in flight, and so is this one, started just before the
          // kill (on a fast machine every other request may already have its answer when the signal lands).
          const last = postEvent(port, sent++, agent);
          proc.kill('SIGKILL');
          const lastId = await last;
          if (lastId) acked.push(lastId);
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    agent.destroy();
    await new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));
    assert.equal(proc.signalCode, 'SIGKILL');
    assert.ok(acked.length >= 400, `only ${acked.length} acknowledged`);
    assert.ok(sent > acked.length, 'no request was in flight at the kill');

    const store = await EventStore.open(dir.path, { maxEvents: 10_000 });
    try {
      const missing = acked.filter((id) => !store.get(id));
      assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged events are missing`);
      assert.ok(store.size >= acked.length);
      // and the reopened store takes new writes after whatever the kill left behind
      await store.append([{ id: 'f'.repeat(32), receivedAt: Date.now(), source: 'store', groupKey: 'g', event: { message: 'after the crash' } }]);
    } finally {
      await store.close();
    }
    const again = await EventStore.open(dir.path, { maxEvents: 10_000 });
    try {
      assert.ok(again.get('f'.repeat(32)));
      assert.ok(acked.every((id) => again.get(id)));
    } finally {
      await again.close();
    }
  });
});
