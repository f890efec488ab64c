import { viewEvent } from '../../../sentry/event/eventView';
import { groupKey } from '../../../sentry/event/grouping';
import type { EventSource, StoredEvent } from './storedEvent';

/**
 * Stored events that keep their event as the JSON text it is stored as and
 * parse it, and derive their group key, only when something reads them.
 *
 * Why: the listener has to check and scrub every event it receives, but what
 * it keeps must not cost the extension host for as long as it is kept. A
 * parsed 4 KB event is a graph of a few hundred objects that the garbage
 * collector copies into the old generation and then walks on every major
 * collection; its text is one string, which the collector copies once and
 * never looks into. The tree, the CLI and the read API ask for a few events
 * at a time (each is parsed once, then kept), so a burst of events an SDK
 * sends costs the listener the work it must do and nothing more, and a store
 * of 10,000 events nobody looked at holds 10,000 strings. The group key
 * (event view + grouping) is derived on first use for the same reason and is
 * not written in the record: a store computes it when it loads a record
 * without one.
 *
 * Measured and rejected: the text as a Buffer (hundreds of thousands of small
 * ArrayBuffers cost more to allocate and sweep than strings), a WeakMap from
 * event to text (a WeakMap that large slows every collection), and an object
 * literal with getters (several closures per event, where a class instance is
 * one object).
 */

export interface StoredEventFields {
  id: string;
  receivedAt: number;
  source: EventSource;
  projectId?: string | undefined;
}

/**
 * `event` and `groupKey` are accessors on the class, so a spread copy
 * (`{ ...e }`) would not have them - copy fields by name - while
 * JSON.stringify gives the plain form (toJSON).
 */
class LazyStoredEvent implements StoredEvent {
  readonly id: string;
  readonly receivedAt: number;
  readonly source: EventSource;
  readonly projectId?: string;
  /** The JSON text `event` is, until `event` is assigned. */
  #text: string | undefined;
  #event: Record<string, unknown> | undefined;
  #groupKey: string | undefined;

  constructor(fields: StoredEventFields, text: string) {
    this.id = fields.id;
    this.receivedAt = fields.receivedAt;
    this.source = fields.source;
    if (fields.projectId !== undefined) this.projectId = fields.projectId;
    this.#text = text;
  }

  get event(): Record<string, unknown> {
    return (this.#event ??= JSON.parse(this.#text!) as Record<string, unknown>);
  }

  set event(v: Record<string, unknown>) {
    this.#event = v;
    this.#text = undefined;
  }

  get groupKey(): string {
    return (this.#groupKey ??= eventGroupKey(this.event));
  }

  set groupKey(v: string) {
    this.#groupKey = v;
  }

  /** The JSON text of `event` while it is still the text this event was made from. */
  get text(): string | undefined {
    return this.#text;
  }

  toJSON(): StoredEvent {
    return {
      id: this.id,
      receivedAt: this.receivedAt,
      source: this.source,
      ...(this.projectId !== undefined ? { projectId: this.projectId } : {}),
      groupKey: this.groupKey,
      event: this.event,
    };
  }
}

/**
 * A lazy stored event (see the module comment). `json` must be the text of a
 * JSON object, already validated and scrubbed, without a raw newline.
 */
export function lazyStoredEvent(fields: StoredEventFields, json: string): StoredEvent {
  return new LazyStoredEvent(fields, json);
}

/** The JSON text of `e.event` when `e` is a lazy event that still holds it (see lazyStoredEvent). */
export function eventJsonOf(e: StoredEvent): string | undefined {
  return e instanceof LazyStoredEvent ? e.text : undefined;
}

/** The group key of an event, as the listener gives it (sentry/event/grouping.ts over the event view). */
export function eventGroupKey(event: Record<string, unknown>): string {
  return groupKey(viewEvent(event));
}
