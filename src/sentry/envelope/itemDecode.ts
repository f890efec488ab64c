import type { z } from 'zod';

/**
 * What decoding one envelope item of spans or logs gave: the records that
 * passed, and a reason per record (or for the whole item) that did not. A bad
 * record costs only itself; the caller logs `dropped`.
 */
export interface ItemDecode<T> {
  records: T[];
  dropped: string[];
}

/** A zod failure in a line a person can read: `path: message; ...`. */
export function zodIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
