import { z } from 'zod';
import type { StoredEvent } from '../../capture/kinds/events/storedEvent';
import { viewEvent } from '../../sentry/event/eventView';

/** Most results one answer lists; a larger `limit` is lowered to this, and the answer says so. */
export const MAX_LIMIT = 50;
export const DEFAULT_LIMIT = 10;

/**
 * Spotlight's `filters` argument (search_errors, search_logs, search_traces),
 * so that an agent set up for Spotlight works unchanged. Spotlight takes one
 * of `timeWindow`, `filename` or `limit`/`offset`; here any combination
 * applies at once.
 */
export const filtersSchema = z
  .object({
    timeWindow: z.number().positive().max(10 * 365 * 24 * 3600).optional().describe('Seconds to look back from now (60 = last minute, 3600 = last hour). Default: no time limit.'),
    filename: z.string().min(1).max(500).optional().describe("A file name or the end of a path in the stack traces (e.g. 'Button.tsx', 'api/routes.ts'). Case-sensitive."),
    limit: z.number().int().positive().optional().describe(`Most results to return (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}).`),
    offset: z.number().int().min(0).max(100_000).optional().describe('Results to skip from the newest, for paging. Default: 0.'),
  })
  .strict();
export type Filters = z.output<typeof filtersSchema>;

export const filtersArg = { filters: filtersSchema.optional().describe('Which results: a time window, a file name, and paging; all optional.') };

export interface Page<T> {
  items: T[];
  /** How many matched before paging. */
  total: number;
  offset: number;
  limit: number;
  /** Set when the asked limit was lowered to MAX_LIMIT. */
  clampedFrom?: number;
}

export function page<T>(matched: T[], f: Filters | undefined): Page<T> {
  const asked = f?.limit ?? DEFAULT_LIMIT;
  const limit = Math.min(asked, MAX_LIMIT);
  const offset = f?.offset ?? 0;
  return { items: matched.slice(offset, offset + limit), total: matched.length, offset, limit, ...(asked > MAX_LIMIT ? { clampedFrom: asked } : {}) };
}

/** The time window as a test on a millisecond timestamp. */
export function withinWindow(f: Filters | undefined, now: number): (ms: number) => boolean {
  if (f?.timeWindow === undefined) return () => true;
  const since = now - f.timeWindow * 1000;
  return (ms) => ms >= since;
}

/** True when a frame of the event's stack traces has a file name or path ending in `filename` (Spotlight's test). */
export function eventHasFile(e: StoredEvent, filename: string): boolean {
  const v = viewEvent(e.event);
  for (const frames of [...v.exceptions.map((x) => x.frames), v.messageFrames]) {
    for (const fr of frames) if (fr.filename?.endsWith(filename) || fr.absPath?.endsWith(filename)) return true;
  }
  return false;
}

/** "Showing 1-10 of 42, newest first." plus what the limits did. */
export function pageLine<T>(p: Page<T>, what: string): string {
  const shown = p.items.length ? `${p.offset + 1}-${p.offset + p.items.length}` : 'none';
  let s = `Showing ${shown} of ${p.total} ${what}, newest first.`;
  if (p.clampedFrom !== undefined) s += ` (limit ${p.clampedFrom} lowered to ${MAX_LIMIT}.)`;
  return s;
}

/** The call for the next page, when there is one. */
export function nextPage<T>(p: Page<T>, tool: string, f: Filters | undefined): string | undefined {
  const next = p.offset + p.items.length;
  if (next >= p.total) return undefined;
  return `${tool}(${JSON.stringify({ filters: { ...f, limit: p.limit, offset: next } })})`;
}
