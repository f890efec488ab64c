import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { EventStore } from '../../src/capture/kinds/events/eventStore';
import { repoRoot, tempDir, waitFor } from './captureHelpers';

describe('capture: several processes share one store', function () {
  this.timeout(60_000);
  const dir = tempDir('sentry-lens-windows-');
  let child: ChildProcess | undefined;
  after(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    dir.remove();
  });

  it('a following store sees what another process captures, and its own state changes reach the others', async () => {
    const follower = await EventStore.open(dir.path, { maxEvents: 100, follow: true, pollIntervalMs: 100 });
    const other = await EventStore.open(dir.path, { maxEvents: 100, follow: true, pollIntervalMs: 100 });
    try {
      child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), 'capture', '--port', '0', '--store', dir.path], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
      const proc = child;
      let err = '';
      proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      await waitFor(() => /listening on/.test(err), 30_000);
      const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err)![1]!;
      const ids: string[] = [];
      for (const message of ['first from the cli', 'second from the cli']) {
        const res = await fetch(`${base}/api/1/store/?sentry_key=k`, { method: 'POST', body: JSON.stringify({ message }) });
        assert.equal(res.status, 200);
        ids.push(((await res.json()) as { id: string }).id);
      }
      await waitFor(() => ids.every((id) => follower.get(id) && other.get(id)));
      // a "sent" event from this process while the CLI holds the writer lock
      await follower.append([{ id: 'e'.repeat(32), receivedAt: Date.now(), source: 'sent', groupKey: 'g', event: { message: 'sent from a window' } }]);
      await follower.delete([ids[0]!]);
      await follower.setResolved([follower.get(ids[1]!)!.groupKey], true);
      await waitFor(() => other.get(ids[0]!) === undefined && other.isResolved(other.get(ids[1]!)!.groupKey) && other.get('e'.repeat(32)) !== undefined);
      proc.kill('SIGINT');
      await new Promise<void>((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', () => resolve())));
      assert.equal(proc.exitCode, 0);
    } finally {
      await follower.close();
      await other.close();
    }
    const reopened = await EventStore.open(dir.path, { maxEvents: 100 });
    try {
      assert.deepEqual(reopened.list().map((e) => e.event.message).sort(), ['second from the cli', 'sent from a window']);
    } finally {
      await reopened.close();
    }
  });
});
