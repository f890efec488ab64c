import { z } from 'zod';
import { eventGroupKey, eventJsonOf } from './lazyEvent';
import type { RecordKind } from '../../store/recordKind';
import type { StoredEvent } from './storedEvent';

/**
 * Captured events as a kind of store record (store/recordStore.ts). A record
 * is the stored event; a lazy event (lazyEvent.ts) is written from the JSON
 * text it still holds, never parsed for it, and its record leaves out the
 * group key, which is derived from the event and computed again on load.
 */

export const DEFAULT_MAX_EVENTS = 10_000;

const storedEventSchema = z
  .object({
    id: z.string().min(1),
    receivedAt: z.number(),
    source: z.enum(['envelope', 'store', 'stream', 'webhook', 'sent']),
    projectId: z.string().optional(),
    /** Left out by records of lazy events (lazyEvent.ts): computed on load. */
    groupKey: z.string().optional(),
    // Checked, not rebuilt: z.record would copy the event (slow on load) and drop a "__proto__" key JSON.parse kept as data.
    event: z.custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'event must be a JSON object'),
  })
  .transform((e): StoredEvent => {
    if (e.groupKey === undefined) e.groupKey = eventGroupKey(e.event);
    return e as StoredEvent;
  });

/** A lazy event's record from its own text; with `withGroupKey`, the group key is derived (parsing the event) and written too. */
function encodeEvent(e: StoredEvent, withGroupKey: boolean): string {
  const raw = eventJsonOf(e);
  if (!raw || raw.includes('\n')) return JSON.stringify(e);
  // Same record as JSON.stringify(e) but with the event's own text (it parses to the same object).
  let out = `{"id":${JSON.stringify(e.id)},"receivedAt":${JSON.stringify(e.receivedAt)},"source":${JSON.stringify(e.source)}`;
  if (e.projectId !== undefined) out += `,"projectId":${JSON.stringify(e.projectId)}`;
  if (withGroupKey) out += `,"groupKey":${JSON.stringify(e.groupKey)}`;
  return `${out},"event":${raw}}`;
}

export const eventKind: RecordKind<StoredEvent> = {
  name: 'event',
  defaultBound: DEFAULT_MAX_EVENTS,
  schema: storedEventSchema,
  encode: (e) => encodeEvent(e, false),
};

/**
 * The same kind for a writer whose readers are elsewhere (the listener's
 * worker thread, whose window follows the store): it derives each event's
 * group key as it writes it, so that a reader does not have to.
 */
export const eventKindWithGroupKeys: RecordKind<StoredEvent> = { ...eventKind, encode: (e) => encodeEvent(e, true) };
