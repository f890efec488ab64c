import { type FSWatcher, watch } from 'node:fs';
import type { Disposable } from '../../util/emitter';
import type { Logger } from '../../util/logger';

/**
 * Notices when other processes write the store's logs: a watch on the
 * directory (for `names`), and a poll as a fallback where watching is
 * unreliable (network file systems, some containers). Each notice calls
 * `onChange`, which the store coalesces into one read of what was appended
 * (or a full reload when a file was replaced by compaction).
 */
export class Follower implements Disposable {
  private watcher: FSWatcher | undefined;
  private readonly poll: NodeJS.Timeout;

  constructor(dir: string, names: readonly string[], pollIntervalMs: number, onChange: () => void, log: Logger) {
    try {
      this.watcher = watch(dir, { persistent: false }, (_ev, name) => {
        if (name === null || names.includes(name)) onChange();
      });
      this.watcher.on('error', () => undefined);
    } catch (e) {
      log.debug(`watching ${dir} failed, polling only: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.poll = setInterval(onChange, pollIntervalMs);
    this.poll.unref();
  }

  dispose(): void {
    this.watcher?.close();
    this.watcher = undefined;
    clearInterval(this.poll);
  }
}
