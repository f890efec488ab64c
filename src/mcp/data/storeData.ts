import { filterStored, parseQuery } from '../../capture/kinds/events/query';
import type { EventStoreApi, StoredEvent } from '../../capture/kinds/events/storedEvent';
import { type Result, fail, ok } from '../../util/result';
import { type CapturedData, MAX_READ } from './capturedData';

/** The tools' data read straight from the event store (the listener runs in this process). */
export class StoreData implements CapturedData {
  constructor(
    private readonly store: EventStoreApi,
    private readonly now: () => number = Date.now,
  ) {}

  async events(opts: { query?: string; limit: number }): Promise<Result<StoredEvent[]>> {
    const limit = Math.min(Math.max(1, opts.limit), MAX_READ);
    const text = opts.query?.trim() ?? '';
    if (!text) return ok(this.store.list({ limit }));
    const q = parseQuery(text, this.now());
    if (!q.ok) return fail(`invalid query: ${q.reason}`);
    return ok(filterStored(this.store.list(), q.value, (k) => this.store.isResolved(k), limit));
  }

  async byId(id: string): Promise<StoredEvent[]> {
    const exact = this.store.get(id);
    if (exact) return [exact];
    const out: StoredEvent[] = [];
    this.store.list({
      filter: (e) => {
        if (out.length < 2 && e.id.startsWith(id)) out.push(e);
        return false;
      },
    });
    return out;
  }
}
