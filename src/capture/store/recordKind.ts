import type { z } from 'zod';

/** What every kept record has: an id unique within its kind, and when it arrived (ms since the epoch). */
export interface KeptRecord {
  readonly id: string;
  readonly receivedAt: number;
}

/**
 * One kind of record the store keeps (events, and later transactions, spans,
 * logs): how a record is checked when read back and written out, and how many
 * the store keeps by default. The store itself knows nothing of any kind; see
 * recordStore.ts for how a kind is added.
 */
export interface RecordKind<R extends KeptRecord> {
  /** Written in each record of this kind (`"kind":"<name>"`, left out for `event`). Lowercase letters, digits, `-`. */
  readonly name: string;
  /** How many records of this kind are kept (oldest dropped) unless the store is opened with another bound. */
  readonly defaultBound: number;
  /** Checks a record read from a log; its output is what the store keeps (it may complete the record, e.g. a derived key). */
  readonly schema: z.ZodType<R, unknown>;
  /** The record's JSON text on one line (default JSON.stringify). A faster writer can reuse a text it kept. */
  encode?(record: R): string;
  /**
   * How much of the bound a record takes (default 1): a record that holds
   * many entries (a batch of log lines) counts them. The oldest records are
   * dropped while the rest still weigh at least the bound, so a kind may
   * hold up to one record's weight more than its bound (its readers cap).
   */
  weight?(record: R): number;
}

/** The kind whose records carry no `kind` field (every record written before there were kinds). */
export const DEFAULT_KIND = 'event';

const KIND_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Throws a RangeError when `kind` cannot be used (bad name or bound). */
export function checkKind(kind: RecordKind<KeptRecord>): void {
  if (!KIND_NAME.test(kind.name)) throw new RangeError(`a record kind's name must be lowercase letters, digits and '-', got ${JSON.stringify(kind.name)}`);
  checkBound(kind.name, kind.defaultBound);
}

export function checkBound(kind: string, bound: number): void {
  if (!Number.isInteger(bound) || bound < 1) throw new RangeError(`the bound of '${kind}' records must be a positive whole number, got ${bound}`);
}
