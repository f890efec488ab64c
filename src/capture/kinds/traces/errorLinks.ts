import { traceIdOf } from '../../../sentry/records/spanRecord';
import type { Disposable } from '../../../util/emitter';
import { eventJsonOf } from '../events/lazyEvent';
import type { EventStoreApi, StoredEvent } from '../events/storedEvent';

/**
 * Which stored errors belong to which trace (`contexts.trace.trace_id`),
 * kept beside the event store. Events are indexed when a trace is first
 * asked about after they arrive, not as they arrive: most are never asked
 * about, and reading the trace id means parsing the event (skipped for an
 * event whose text has no `trace_id` at all).
 */
export class ErrorLinks implements Disposable {
  private readonly byTrace = new Map<string, Map<string, StoredEvent>>();
  private readonly traceOfEvent = new Map<string, string>();
  private pending: StoredEvent[] = [];
  private readonly sub: Disposable;

  constructor(private readonly store: EventStoreApi) {
    this.pending = store.list();
    this.sub = store.onDidChange((c) => {
      if (c.cleared) {
        this.byTrace.clear();
        this.traceOfEvent.clear();
        this.pending = store.list();
        return;
      }
      for (const id of c.removed) this.forget(id);
      for (const e of c.added) this.pending.push(e);
    });
  }

  /** The errors of a trace, newest first. */
  errorsOf(traceId: string): StoredEvent[] {
    this.flush();
    const m = this.byTrace.get(traceId);
    return m ? [...m.values()].sort((a, b) => b.receivedAt - a.receivedAt) : [];
  }

  errorCount(traceId: string): number {
    this.flush();
    return this.byTrace.get(traceId)?.size ?? 0;
  }

  dispose(): void {
    this.sub.dispose();
  }

  private flush(): void {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    for (const e of batch) {
      if (this.store.get(e.id) !== e) continue; // removed (or replaced) since
      const traceId = traceIdOfEvent(e);
      if (!traceId) continue;
      this.forget(e.id);
      let m = this.byTrace.get(traceId);
      if (!m) this.byTrace.set(traceId, (m = new Map()));
      m.set(e.id, e);
      this.traceOfEvent.set(e.id, traceId);
    }
  }

  private forget(eventId: string): void {
    const t = this.traceOfEvent.get(eventId);
    if (t === undefined) return;
    this.traceOfEvent.delete(eventId);
    const m = this.byTrace.get(t);
    m?.delete(eventId);
    if (m && !m.size) this.byTrace.delete(t);
  }
}

/** An event's `contexts.trace.trace_id`, normalised, or undefined. */
export function traceIdOfEvent(e: StoredEvent): string | undefined {
  const text = eventJsonOf(e);
  if (text !== undefined && !text.includes('trace_id')) return undefined;
  return traceIdOf(e.event);
}
