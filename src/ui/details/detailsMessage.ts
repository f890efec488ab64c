import { z } from 'zod';
import type { Result } from '../../util/result';
import { parseWebviewMessage } from '../webview/webviewMessage';

const schema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('copyJson') }).strict(),
  z.object({ type: z.literal('debugEvent') }).strict(),
  z
    .object({
      type: z.literal('openFrame'),
      /** The exception's index in the event (-1: the frames of a message event). */
      exception: z.number().int().min(-1).max(10_000),
      /** The frame's index in the event's own (outermost-first) order. */
      frame: z.number().int().min(0).max(100_000),
    })
    .strict(),
]);

/** A message the event details page may post to the extension. */
export type DetailsMessage = z.infer<typeof schema>;

/** Parses a message from the details webview; anything else is refused with a reason. */
export function parseDetailsMessage(raw: unknown): Result<DetailsMessage> {
  return parseWebviewMessage(schema, raw, 'the event details view');
}
