import { z } from 'zod';
import { DEFAULT_KIND, type KeptRecord, type RecordKind } from './recordKind';

/**
 * The store's two logs are JSON lines, one record a line.
 *
 * The data log (`events.log`) holds records of every kind:
 *   `{"t":"e","e":<record>}` for an event (the only kind before kinds existed),
 *   `{"t":"e","kind":"<name>","e":<record>}` for any other kind.
 * The state log (`state.log`) holds what any process says about them, each
 * with the id of the store that wrote it (`w`), and `kind` left out for events:
 *   `{"t":"e","w":…,"e":<record>}`          a record stored while another process writes the data log
 *   `{"t":"d","w":…,"at":ms,"ids":[…]}`     deletes those ids received up to `at`
 *   `{"t":"c","w":…,"at":ms}`               clears everything received up to `at`
 *   `{"t":"r","w":…,"at":ms,"k":[…],"v":b}` marks keys resolved (`v` true) or not
 * A line that is not JSON or not of these shapes (a write torn by a crash,
 * foreign data) is skipped and counted, never fatal.
 */

const kindField = z.string().optional();
const anyObject = z.custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'a record must be a JSON object');

export const dataLineSchema = z.object({ t: z.literal('e'), kind: kindField, e: anyObject });
export const stateLineSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('e'), w: z.string(), kind: kindField, e: anyObject }),
  z.object({ t: z.literal('d'), w: z.string(), kind: kindField, at: z.number(), ids: z.array(z.string()) }),
  z.object({ t: z.literal('c'), w: z.string(), kind: kindField, at: z.number() }),
  z.object({ t: z.literal('r'), w: z.string(), kind: kindField, at: z.number(), k: z.array(z.string()), v: z.boolean() }),
]);
export type DataLine = z.infer<typeof dataLineSchema>;
export type StateLine = z.infer<typeof stateLineSchema>;
/** A state change (the state log's records other than stored records). */
export type StateOp = Exclude<StateLine, { t: 'e' }>;

export function kindOfLine(line: { kind?: string | undefined }): string {
  return line.kind ?? DEFAULT_KIND;
}

/** The data-log lines of `records`, each ending in a newline, as one string (a batch becomes bytes at once). */
export function encodeDataLines<R extends KeptRecord>(kind: RecordKind<R>, records: readonly R[]): string {
  const head = kind.name === DEFAULT_KIND ? '{"t":"e","e":' : `{"t":"e","kind":${JSON.stringify(kind.name)},"e":`;
  let out = '';
  for (const r of records) out += `${head}${encodeRecord(kind, r)}}\n`;
  return out;
}

/** A state-log line storing `record` (written while another process holds the data log). */
export function encodeStoredStateLine<R extends KeptRecord>(kind: RecordKind<R>, writer: string, record: R): string {
  const k = kind.name === DEFAULT_KIND ? '' : `,"kind":${JSON.stringify(kind.name)}`;
  return `{"t":"e","w":${JSON.stringify(writer)}${k},"e":${encodeRecord(kind, record)}}`;
}

/** A state change on one line; `kind` is left out for events. */
export function encodeStateOp(op: StateOp): string {
  const { kind, ...rest } = op;
  return JSON.stringify(kind === undefined || kind === DEFAULT_KIND ? rest : { ...rest, kind });
}

function encodeRecord<R extends KeptRecord>(kind: RecordKind<R>, r: R): string {
  const text = kind.encode ? kind.encode(r) : JSON.stringify(r);
  // a raw newline would split the record: fall back to JSON.stringify, which never writes one
  return text.includes('\n') ? JSON.stringify(r) : text;
}

/** Why a line was skipped. */
export type SkipReason = 'unreadable' | 'unknown-shape';

/** The records of `text` (complete lines) that match `schema`; each other non-blank line is reported to `skip`. */
export function parseLines<T>(text: string, schema: z.ZodType<T, unknown>, skip: (reason: SkipReason, line: string) => void): T[] {
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      skip('unreadable', line);
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      skip('unknown-shape', line);
      continue;
    }
    out.push(parsed.data);
  }
  return out;
}
