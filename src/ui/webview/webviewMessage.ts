import type { z } from 'zod';
import { type Result, fail, ok } from '../../util/result';

/** A message a webview page posted, checked against the page's schema; anything else is refused with a reason naming the page. */
export function parseWebviewMessage<T>(schema: z.ZodType<T>, raw: unknown, page: string): Result<T> {
  const r = schema.safeParse(raw);
  if (r.success) return ok(r.data);
  return fail(`unexpected message from ${page}: ${r.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ')}`);
}
