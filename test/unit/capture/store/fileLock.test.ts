import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquire, FileLock, isAlive } from '../../../../src/capture/store/fileLock';

describe('store file lock (writer lock, state lock)', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sentry-lens-lock-'));
    path = join(dir, 'x.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appears with its holder\'s text in one step, leaves no draft behind, and is let go only by its holder', () => {
    const a = new FileLock(path, 'aaaa');
    const b = new FileLock(path, 'bbbb');
    assert.equal(a.tryLock(), undefined);
    assert.equal(readFileSync(path, 'utf8'), `${process.pid} aaaa\n`);
    assert.deepEqual(readdirSync(dir), ['x.lock']);
    assert.equal(b.tryLock(), process.pid, 'another store of this process holds it');
    b.release();
    assert.ok(existsSync(path), "b's release leaves a's lock");
    assert.equal(a.isHeld, true);
    a.release();
    assert.equal(existsSync(path), false);
    assert.equal(b.tryLock(), undefined);
  });

  it('reports a live process holding it, and breaks a dead one\'s lock', () => {
    writeFileSync(path, `${process.ppid} other\n`);
    const me = new FileLock(path, 'me');
    assert.equal(me.tryLock(), process.ppid);
    assert.equal(isAlive(process.ppid), true);
    writeFileSync(path, '999999999 dead\n');
    assert.equal(isAlive(999999999), false);
    assert.equal(me.tryLock(), 0, 'broken: try again');
    assert.equal(me.tryLock(), undefined);
  });

  it('breaks a dead lock only while no one else is breaking it, and clears a break file its breaker left behind', () => {
    writeFileSync(path, '999999999 dead\n');
    writeFileSync(`${path}.break`, '999999998 breaker\n');
    const me = new FileLock(path, 'me');
    assert.equal(me.tryLock(), 0);
    assert.equal(readFileSync(path, 'utf8'), '999999999 dead\n', 'left to the other breaker');
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(`${path}.break`, old, old);
    assert.equal(me.tryLock(), 0, 'the stale break file is removed');
    assert.equal(existsSync(`${path}.break`), false);
    assert.equal(me.tryLock(), 0, 'now the dead lock is broken');
    assert.equal(me.tryLock(), undefined);
  });

  it('acquire waits for another store of this process, and for another process only when asked to', async () => {
    const a = new FileLock(path, 'a');
    const b = new FileLock(path, 'b');
    a.tryLock();
    setTimeout(() => a.release(), 50);
    assert.equal(await acquire(b, { waitMs: 2000, pollMs: 5, waitForOthers: false }), undefined);
    b.release();
    writeFileSync(path, `${process.ppid} other\n`);
    assert.equal(await acquire(b, { waitMs: 2000, pollMs: 5, waitForOthers: false }), process.ppid, 'gives up on another process at once');
    const started = Date.now();
    assert.equal(await acquire(b, { waitMs: 100, pollMs: 5, waitForOthers: true }), process.ppid, 'waits, then gives up');
    assert.ok(Date.now() - started >= 100);
    setTimeout(() => rmSync(path), 30);
    assert.equal(await acquire(b, { waitMs: 2000, pollMs: 5, waitForOthers: true }), undefined);
  });
});
