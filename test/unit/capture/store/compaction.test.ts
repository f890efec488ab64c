import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactThreshold, rewriteLog, stateCompactThreshold } from '../../../../src/capture/store/compaction';
import { PREALLOC_BYTES } from '../../../../src/capture/store/logFile';

describe('store compaction', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sentry-lens-compact-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces a log by a new file (a new inode) holding only the given lines, preallocated when asked', async () => {
    const file = join(dir, 'events.log');
    writeFileSync(file, 'old1\nold2\nold3\n');
    const before = statSync(file).ino;
    const { written, count } = await rewriteLog(file, ['a\n', 'b\n'], { preallocate: true });
    assert.deepEqual({ written, count }, { written: 4, count: 2 });
    assert.notEqual(statSync(file).ino, before, 'renamed over, so a follower notices');
    const buf = readFileSync(file);
    assert.equal(buf.length, 4 + PREALLOC_BYTES);
    assert.equal(buf.subarray(0, 4).toString(), 'a\nb\n');
    assert.equal(buf.indexOf(0), 4);
    await rewriteLog(join(dir, 'state.log'), ['s\n'], { preallocate: false });
    assert.equal(readFileSync(join(dir, 'state.log'), 'utf8'), 's\n');
  });

  it('writes more live records than one piece holds', async () => {
    const file = join(dir, 'big.log');
    const line = `${'z'.repeat(4095)}\n`;
    const { count, written } = await rewriteLog(file, Array.from({ length: 2000 }, () => line), { preallocate: false }); // 8 MiB: two pieces
    assert.equal(count, 2000);
    assert.equal(written, 2000 * 4096);
    assert.equal(statSync(file).size, written);
  });

  it('compacts the data log past about twice the bound of a kind, and the state log past twice what it last kept', () => {
    assert.equal(compactThreshold([10_000]), 20_000);
    assert.equal(compactThreshold([5]), 1005);
    assert.equal(compactThreshold([5, 10_000]), 21_005);
    assert.equal(stateCompactThreshold(0), 1000);
    assert.equal(stateCompactThreshold(800), 1600);
  });
});
