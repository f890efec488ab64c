import { z } from 'zod';
import { LOG_LEVELS } from '../../sentry/records/logRecord';
import type { Result } from '../../util/result';
import { parseWebviewMessage } from '../webview/webviewMessage';

const schema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('filter'), query: z.string().max(2_000), level: z.enum(LOG_LEVELS) }).strict(),
  z.object({ type: z.literal('openTrace'), traceId: z.string().regex(/^[0-9a-f]{32}$/) }).strict(),
]);

/** A message the Logs page may post to the extension. */
export type LogsMessage = z.infer<typeof schema>;

export function parseLogsMessage(raw: unknown): Result<LogsMessage> {
  return parseWebviewMessage(schema, raw, 'the Logs view');
}
