import type * as vscode from 'vscode';
import type { Logger } from '../../util/logger';

/** Adapts the "Sentry" LogOutputChannel to the core's Logger (component tags come from `tagged()`). */
export function logChannelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (m) => channel.trace(m),
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  };
}
