import { randomUUID } from 'node:crypto';

/**
 * What an event and a transaction share, as entered and as sent (the same
 * field names on both sides), so both builders copy them the one way.
 */
export interface SharedPayloadFields {
  environment?: string;
  release?: string;
  dist?: string;
  tags?: Record<string, string>;
  extra?: Record<string, unknown>;
  user?: Record<string, string>;
}

export const nonEmpty = <T extends object>(o: T | undefined): o is T => o !== undefined && Object.keys(o).length > 0;

/** The shared fields that hold something (an empty string or object is left out), each object copied. */
export function sharedPayloadFields(input: SharedPayloadFields): SharedPayloadFields {
  const out: SharedPayloadFields = {};
  if (input.environment) out.environment = input.environment;
  if (input.release) out.release = input.release;
  if (input.dist) out.dist = input.dist;
  if (nonEmpty(input.tags)) out.tags = { ...input.tags };
  if (nonEmpty(input.extra)) out.extra = { ...input.extra };
  if (nonEmpty(input.user)) out.user = { ...input.user };
  return out;
}

/** A new event id: the UUID `randomId` returns (any form) as 32 lower-case hex digits; anything else throws. */
export function newEventId(randomId: () => string = randomUUID): string {
  const id = randomId().replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id)) throw new Error('randomId must return 32 hex digits (dashes allowed)');
  return id;
}
