import { viewEvent } from '../sentry/eventView';
import { groupKey } from '../sentry/grouping';
import type { EventSource, StoredEvent } from './storedEvent';

/**
 * Stored events that keep their event as the JSON text it is stored as (one
 * flat string) and parse it, and derive their group key, only when something
 * reads them.
 *
 * Why: the listener has to parse and scrub every event it receives, but what
 * it keeps must not cost the extension host for as long as it is kept. A
 * parsed 4 KB event is a graph of a few hundred objects that the garbage
 * collector copies into the old generation and then walks on every major
 * collection; its text is one string, which the collector copies once and
 * never looks into. (Not a Buffer: a few hundred thousand small
 * ArrayBuffers cost more to allocate and to sweep than the strings.) The tree, the CLI and the read
 * API ask for a few events at a time (and each is parsed once, then kept), so
 * a burst of events an SDK sends costs the listener the parse it must do and
 * nothing more; a store of 10,000 events nobody looked at holds 10,000
 * strings. The group key (event view + grouping, about a quarter of the
 * per-event work) is derived on first use for the same reason, and is not
 * written in the record: a store computes it when it loads a record without
 * one.
 */

/**
 * A lazy event's own getter of the JSON text its `event` is, until `event` is
 * assigned. (Not a WeakMap from event to text: a WeakMap of a few hundred
 * thousand keys makes every garbage collection slower.)
 */
const TEXT = Symbol('sentry-lens.eventJson');

export interface StoredEventFields {
  id: string;
  receivedAt: number;
  source: EventSource;
  projectId?: string | undefined;
}

/**
 * A StoredEvent whose `event` is `json` parsed on first read and whose
 * `groupKey` is computed on first read. `json` must be the text of a JSON
 * object, already validated and scrubbed, on one line.
 * Both properties are plain enumerable properties to every reader (spread,
 * JSON.stringify, assignment).
 */
export function lazyStoredEvent(fields: StoredEventFields, json: string): StoredEvent {
  let event: Record<string, unknown> | undefined;
  let key: string | undefined;
  let text: string | undefined = json;
  const e: StoredEvent & { readonly [TEXT]: string | undefined } = {
    id: fields.id,
    receivedAt: fields.receivedAt,
    source: fields.source,
    ...(fields.projectId !== undefined ? { projectId: fields.projectId } : {}),
    get groupKey(): string {
      return (key ??= eventGroupKey(this.event));
    },
    set groupKey(v: string) {
      key = v;
    },
    get event(): Record<string, unknown> {
      return (event ??= JSON.parse(json) as Record<string, unknown>);
    },
    set event(v: Record<string, unknown>) {
      event = v;
      text = undefined;
    },
    get [TEXT](): string | undefined {
      return text;
    },
  };
  return e;
}

/** The JSON text of `e.event` when `e` is a lazy event that still holds it (see lazyStoredEvent). */
export function eventJsonOf(e: StoredEvent): string | undefined {
  // Only the lazy event's own getter: a copy made by spreading one holds a plain value that its `event` may no longer match.
  const own = Object.getOwnPropertyDescriptor(e, TEXT);
  return own?.get ? (own.get.call(e) as string | undefined) : undefined;
}

/** The group key of an event, as the listener gives it (sentry/grouping.ts over the event view). */
export function eventGroupKey(event: Record<string, unknown>): string {
  return groupKey(viewEvent(event));
}
