import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimTail, logicalEnd, openLog, PREALLOC_BYTES, readLines } from '../../../../src/capture/store/logFile';

describe('store log file (preallocated, read up to the first zero)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sentry-lens-logfile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads complete lines up to the zeroed tail and leaves a partial last line for later', async () => {
    const file = join(dir, 'a.log');
    writeFileSync(file, Buffer.concat([Buffer.from('one\ntwo\nthr'), Buffer.alloc(100)]));
    const log = await openLog(file, 'r');
    try {
      const { texts, consumed } = await readLines(log.fh, 0);
      assert.equal(texts.join(''), 'one\ntwo\n');
      assert.equal(consumed, 8);
      assert.equal(await logicalEnd(log.fh, 0), 11);
      const rest = await readLines(log.fh, consumed);
      assert.deepEqual(rest, { texts: [], consumed: 0 });
    } finally {
      await log.fh.close();
    }
  });

  it('reads lines that span its growing reads', async () => {
    const file = join(dir, 'big.log');
    const line = `${'x'.repeat(999)}\n`;
    writeFileSync(file, line.repeat(3000)); // ~3 MB: several reads of growing size
    const fh = await open(file, 'r');
    try {
      const { texts, consumed } = await readLines(fh, 0);
      assert.equal(consumed, 3000 * 1000);
      assert.equal(texts.join('').split('\n').filter(Boolean).length, 3000);
    } finally {
      await fh.close();
    }
  });

  it('writes after the last record, zeroing what a crashed writer left behind a gap, and grows the preallocation', async () => {
    const file = join(dir, 'c.log');
    const crashed = Buffer.alloc(PREALLOC_BYTES);
    crashed.write('rec1\n', 0);
    crashed.write('garbage\n', 200); // behind a zero gap: not part of the log
    writeFileSync(file, crashed);
    const fh = await open(file, 'r+');
    try {
      const appender = await claimTail(fh, 0);
      assert.equal(appender.pos, 5);
      assert.equal(readFileSync(file).indexOf('garbage'), -1, 'leftovers zeroed');
      appender.write(Buffer.from('\nrec2\n'));
      const big = Buffer.from(`\n${'y'.repeat(PREALLOC_BYTES)}\n`);
      appender.write(big);
      assert.ok(statSync(file).size >= 11 + big.length, 'grown');
      const { texts } = await readLines(fh, 0);
      assert.deepEqual(texts.join('').split('\n').filter(Boolean).map((l) => l.slice(0, 4)), ['rec1', 'rec2', 'yyyy']);
    } finally {
      await fh.close();
    }
  });
});
