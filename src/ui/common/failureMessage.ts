import { logDetailOf, userMessageOf } from '../../sentry/errors';
import type { Logger } from '../../util/logger';

/**
 * A failure of something the user asked for: its cause goes to the Sentry
 * log (so a generic "details are in the Sentry log" is true), and the sentence
 * for the pop-up is returned. `what` says what failed, e.g. "could not open the event".
 */
export function failureMessage(log: Pick<Logger, 'error'>, what: string, e: unknown): string {
  log.error(`${what}: ${logDetailOf(e)}`);
  return `Sentry: ${what}: ${userMessageOf(e)}`;
}
