import type * as vscode from 'vscode';
import { type Logger, tagged } from '../../util/logger';

/** The core's Logger over the "Sentry" log channel, with a component tag. */
export function logChannelLogger(log: vscode.LogOutputChannel, tag: string): Logger {
  return tagged(
    {
      trace: (m) => log.trace(m),
      debug: (m) => log.debug(m),
      info: (m) => log.info(m),
      warn: (m) => log.warn(m),
      error: (m) => log.error(m),
    },
    tag,
  );
}
