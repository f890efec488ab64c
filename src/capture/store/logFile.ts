import { writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * The data log's file. It is preallocated with zeros and records are written
 * in place after the last one, so an fdatasync never has to journal a size
 * change: that makes a durable write about ten times cheaper than an append.
 * Readers stop at the first zero byte. Every write starts with a newline, so
 * a line torn by a crash is closed off by the next writer (and skipped by
 * readers); a new writer zeroes whatever a crashed one left past the last
 * record (`claimTail`).
 */

export const PREALLOC_BYTES = 4 * 1024 * 1024;
export const READ_CHUNK = 4 * 1024 * 1024;
/** readLines' first read: a follower's tail usually finds a few records and then the zeroed preallocation. */
const FIRST_READ = 64 * 1024;

/** An open log and how far it has been read. */
export interface LogFile {
  fh: FileHandle;
  ino: number;
  /** Bytes consumed (up to the end of the last complete line read). */
  offset: number;
}

export async function openLog(path: string, flags: string | number): Promise<LogFile> {
  const fh = await open(path, flags);
  return { fh, ino: (await fh.stat()).ino, offset: 0 };
}

/**
 * Reads from `offset` up to the first zero byte (the preallocated tail) or the
 * end, in growing chunks; returns the complete lines as texts of a few MiB each (a log
 * can be larger than the longest string V8 makes, 512 MiB) and their byte count.
 */
export async function readLines(fh: FileHandle, offset: number): Promise<{ texts: string[]; consumed: number }> {
  const texts: string[] = [];
  let consumed = 0;
  let carry: Buffer | undefined;
  let pos = offset;
  // Reads grow from FIRST_READ to READ_CHUNK: a load of a large log reads in big pieces, while a tail does not
  // copy megabytes of the zeroed preallocation to find the few records written since the last one.
  for (let size = FIRST_READ; ; size = Math.min(size * 2, READ_CHUNK)) {
    const buf = Buffer.allocUnsafe(size);
    const { bytesRead } = await fh.read(buf, 0, size, pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
    let data = buf.subarray(0, bytesRead);
    const zero = data.indexOf(0);
    if (zero >= 0) data = data.subarray(0, zero);
    const all = carry ? Buffer.concat([carry, data]) : data;
    const lastNl = all.lastIndexOf(0x0a);
    if (lastNl >= 0) {
      texts.push(all.subarray(0, lastNl + 1).toString('utf8'));
      consumed += lastNl + 1;
      carry = lastNl + 1 < all.length ? all.subarray(lastNl + 1) : undefined;
    } else {
      carry = all;
    }
    if (zero >= 0) break;
  }
  return { texts, consumed };
}

/** Where the data ends: the first zero byte at or after `from`, else the file size. */
export async function logicalEnd(fh: FileHandle, from: number): Promise<number> {
  let pos = from;
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, READ_CHUNK, pos);
    if (bytesRead === 0) return pos;
    const zero = buf.subarray(0, bytesRead).indexOf(0);
    if (zero >= 0) return pos + zero;
    pos += bytesRead;
  }
}

async function hasNonZero(fh: FileHandle, from: number, to: number): Promise<boolean> {
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  for (let pos = from; pos < to; ) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(READ_CHUNK, to - pos), pos);
    if (bytesRead === 0) return false;
    for (let i = 0; i < bytesRead; i++) if (buf[i] !== 0) return true;
    pos += bytesRead;
  }
  return false;
}

export function writeFully(fd: number, buf: Buffer, position: number): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off, position + off);
}

/**
 * Writes records in place after the last one, synchronously (to the page
 * cache, so the log keeps arrival order), growing the zeroed preallocation
 * when a write would pass it.
 */
export class LogAppender {
  constructor(
    private readonly fd: number,
    public pos: number,
    private allocated: number,
  ) {}

  write(buf: Buffer): void {
    if (this.pos + buf.length > this.allocated) {
      const grow = Math.max(PREALLOC_BYTES, buf.length);
      writeFully(this.fd, Buffer.alloc(grow), this.allocated);
      this.allocated += grow;
    }
    writeFully(this.fd, buf, this.pos);
    this.pos += buf.length;
  }
}

/**
 * Prepares `fh` for writing after its last record (read from `from` on): what
 * a crashed writer left past it (behind a zero gap) is zeroed and synced.
 */
export async function claimTail(fh: FileHandle, from: number): Promise<LogAppender> {
  const end = await logicalEnd(fh, from);
  const size = (await fh.stat()).size;
  if (size > end && (await hasNonZero(fh, end, size))) {
    writeFully(fh.fd, Buffer.alloc(size - end), end);
    await fh.datasync();
  }
  return new LogAppender(fh.fd, end, size);
}
