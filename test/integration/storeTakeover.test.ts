import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore, WRITER_LOCK_FILE } from '../../src/capture/kinds/events/eventStore';
import { repoRoot, tempDir } from './captureHelpers';

// Each process opens the store, waits for the common start time, then appends its events one by one.
const WRITER = `
const { EventStore } = require(${JSON.stringify(join(repoRoot, 'src/capture/kinds/events/eventStore.ts'))});
const [dir, who, count, startAt] = process.argv.slice(2);
(async () => {
  const store = await EventStore.open(dir, { maxEvents: 100000 });
  await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
  for (let i = 0; i < Number(count); i++) {
    const id = (Number(who) * 1e6 + i).toString(16).padStart(32, '0');
    await store.append([{ id, receivedAt: Date.now(), source: 'store', groupKey: 'g' + who, event: { message: 'from ' + who, i } }]);
  }
  await store.close();
})().catch((e) => { console.error(e); process.exit(1); });
`;

function run(script: string, args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) => resolve({ code, err }));
  });
}

describe('capture store: processes taking over a dead writer\'s lock at once', function () {
  this.timeout(120_000);
  const scripts = tempDir('sentry-lens-takeover-script-');
  const script = join(scripts.path, 'writer.cjs');
  before(() => writeFileSync(script, WRITER));
  after(() => scripts.remove());

  it('loses no event and tears no record, round after round', async () => {
    const PROCESSES = 4;
    const EACH = 60;
    for (let round = 0; round < 3; round++) {
      const dir = tempDir('sentry-lens-takeover-');
      try {
        // a writer that died holding the lock
        writeFileSync(join(dir.path, WRITER_LOCK_FILE), '999999999 deadbeef\n');
        const startAt = Date.now() + 2500; // after every process has loaded
        const results = await Promise.all(Array.from({ length: PROCESSES }, (_, who) => run(script, [dir.path, String(who), String(EACH), String(startAt)])));
        for (const r of results) assert.equal(r.code, 0, r.err);
        const store = await EventStore.open(dir.path, { maxEvents: 100_000 });
        try {
          assert.equal(store.size, PROCESSES * EACH, `round ${round}: every event of every process`);
          assert.equal(store.skipped, 0, `round ${round}: no unreadable line`);
          for (let who = 0; who < PROCESSES; who++) assert.equal(store.list({ filter: (e) => e.groupKey === `g${who}` }).length, EACH);
        } finally {
          await store.close();
        }
        assert.equal(existsSync(join(dir.path, `${WRITER_LOCK_FILE}.break`)), false, 'no break file left behind');
      } finally {
        dir.remove();
      }
    }
  });
});
