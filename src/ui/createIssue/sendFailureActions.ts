import type { SendFailureKind } from './eventSender';

/** What a failed send's notification offers; the status-bar menu offers the same after a failed send. */
export type SendFailureAction = 'Show Log' | 'Set DSN' | 'Use Local Capture';

/**
 * The buttons of the notification of a failed send, for the kind of failure
 * and whether the event went to this machine's listener. Pure.
 *
 * Every failure offers the log. A DSN that could not be reached, was refused
 * or names no project offers another DSN; unless the event already went to
 * the local listener, sending it there instead is offered too. A wrong
 * scrubbing setting is fixed in the settings: another DSN would not help.
 */
export function sendFailureActions(kind: SendFailureKind, toLocalCapture: boolean): SendFailureAction[] {
  const actions: SendFailureAction[] = ['Show Log'];
  if (kind === 'settings' || kind === 'cancelled') return actions;
  if (kind !== 'rate-limited' && kind !== 'too-large') actions.push('Set DSN');
  if (!toLocalCapture) actions.push('Use Local Capture');
  return actions;
}
