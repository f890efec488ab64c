import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';

/**
 * A lock file between processes: it holds `<pid> <owner id>` of its holder.
 * A lock whose pid is not alive was left by a crashed process and is broken
 * (see breakStale). The store uses two: the writer lock of the data log,
 * held while a process captures, and the state lock, held for the few
 * milliseconds of a state-log write or compaction.
 */
export class FileLock {
  private held = false;

  constructor(
    readonly path: string,
    /** Tells apart the stores of one process. */
    readonly owner: string,
  ) {}

  get isHeld(): boolean {
    return this.held;
  }

  /**
   * Undefined when this store now holds the lock; else the pid holding it
   * (this process's own pid for another store of it), or 0 when it was just
   * broken or went away (try again).
   */
  tryLock(): number | undefined {
    // The lock appears with its text in one step (a hard link to a file already written): created empty and
    // written after, another process could read it empty in between, take it for a crashed writer's and break it.
    const draft = `${this.path}.${process.pid}.${this.owner}`;
    writeFileSync(draft, `${process.pid} ${this.owner}\n`);
    try {
      linkSync(draft, this.path);
      this.held = true;
      return undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      try {
        unlinkSync(draft);
      } catch {
        // gone already
      }
    }
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return 0; // it went away: try again
    }
    const pid = Number(text.split(' ')[0]);
    if (pid > 0 && pid !== process.pid && isAlive(pid)) return pid;
    if (pid === process.pid) return pid; // another store of this process: it lets go soon
    this.breakStale(text);
    return 0;
  }

  /**
   * Removes a crashed holder's lock whose text is `stale`. Checking the text
   * and removing the file are two steps, so two processes doing both at once
   * could remove a lock the faster one had just taken in between; they take
   * turns through a second lock file (`<lock>.break`, held for the two steps
   * only), and the lock is removed only if it still holds `stale`. A break
   * file older than BREAK_STALE_MS was left by a process that died holding
   * it, and is removed.
   */
  private breakStale(stale: string): void {
    const breakPath = `${this.path}.break`;
    let fd: number;
    try {
      fd = openSync(breakPath, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(breakPath).mtimeMs > BREAK_STALE_MS) unlinkSync(breakPath);
      } catch {
        // gone already
      }
      return; // someone else is breaking it: try again
    }
    try {
      writeSync(fd, `${process.pid} ${this.owner}\n`);
      closeSync(fd);
      let now: string | undefined;
      try {
        now = readFileSync(this.path, 'utf8');
      } catch {
        now = undefined; // removed already
      }
      if (now === stale) unlinkSync(this.path);
    } finally {
      try {
        unlinkSync(breakPath);
      } catch {
        // removed as stale by someone else
      }
    }
  }

  /** Lets go of the lock if this store holds it (synchronous: also runs at process exit). */
  release(): void {
    this.held = false;
    try {
      if (readFileSync(this.path, 'utf8').includes(this.owner)) unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}

/** A lock-break file older than this was left by a process that died in the few microseconds it holds one. */
const BREAK_STALE_MS = 5000;

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `lock`, polling every `pollMs` while another store of this process
 * holds it and, when `waitForOthers`, while another live process does, for
 * at most `waitMs`. Resolves undefined once held, or with the pid of the
 * holder it gave up on.
 */
export async function acquire(lock: FileLock, opts: { waitMs: number; pollMs: number; waitForOthers: boolean }): Promise<number | undefined> {
  const deadline = Date.now() + opts.waitMs;
  for (;;) {
    const holder = lock.tryLock();
    if (holder === undefined) return undefined;
    if ((holder !== 0 && holder !== process.pid && !opts.waitForOthers) || Date.now() > deadline) return holder;
    await new Promise((r) => setTimeout(r, opts.pollMs));
  }
}
