import { z } from 'zod';
import type { Result } from '../../util/result';
import { parseWebviewMessage } from '../webview/webviewMessage';

const schema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('showLogs') }).strict(),
  z.object({ type: z.literal('openSpan'), index: z.number().int().min(0).max(1_000_000) }).strict(),
  z.object({ type: z.literal('openError'), id: z.string().regex(/^[0-9a-f]{32}$/) }).strict(),
]);

/** A message the trace waterfall page may post to the extension. */
export type WaterfallMessage = z.infer<typeof schema>;

/** Parses a message from the waterfall webview; anything else is refused with a reason. */
export function parseWaterfallMessage(raw: unknown): Result<WaterfallMessage> {
  return parseWebviewMessage(schema, raw, 'the trace view');
}
