import type { Disposable } from '../../../util/emitter';

/** Where a stored event came from. */
export type EventSource = 'envelope' | 'store' | 'stream' | 'webhook' | 'sent';

/** One captured event as kept on disk: the (already scrubbed) Sentry event JSON plus what we know of its arrival. */
export interface StoredEvent {
  /** The event id, 32 lowercase hex characters. */
  id: string;
  /** Milliseconds since the epoch when the listener received it. */
  receivedAt: number;
  source: EventSource;
  /** The project id from the URL (`/api/{project}/...`) or the webhook payload, when known. */
  projectId?: string;
  /** See sentry/event/grouping.ts. */
  groupKey: string;
  /** The Sentry event payload as received, after scrubbing. */
  event: Record<string, unknown>;
}

export interface StoreChange {
  added: StoredEvent[];
  removed: string[];
  cleared: boolean;
  /** Group keys whose local resolved state changed. */
  resolvedChanged: string[];
}

/** The durable local event store (implemented in capture/kinds/events/eventStore.ts). */
export interface EventStoreApi extends Disposable {
  readonly size: number;
  /** Newest first. */
  list(opts?: { limit?: number; filter?: (e: StoredEvent) => boolean }): StoredEvent[];
  get(id: string): StoredEvent | undefined;
  /**
   * Resolves once the events are durable: written to the log so that they
   * survive a kill of the process (and fsync'd in the background), or fsync'd
   * first with the store's `durability: 'fsync'`.
   */
  append(events: StoredEvent[]): Promise<void>;
  delete(ids: string[]): Promise<void>;
  clear(): Promise<void>;
  setResolved(groupKeys: string[], resolved: boolean): Promise<void>;
  isResolved(groupKey: string): boolean;
  readonly onDidChange: (listener: (change: StoreChange) => void) => Disposable;
}
