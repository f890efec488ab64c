/**
 * What the core logs through. The VS Code shell adapts its "Sentry"
 * LogOutputChannel to it (component tags in brackets); the CLI writes to
 * stderr. Nothing secret is ever passed in: DSNs go through redactDsn, tokens
 * are never logged.
 */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** A logger that prefixes every line with a component tag, e.g. `[capture]`. */
export function tagged(logger: Logger, tag: string): Logger {
  const p = `[${tag}] `;
  return {
    trace: (m) => logger.trace(p + m),
    debug: (m) => logger.debug(p + m),
    info: (m) => logger.info(p + m),
    warn: (m) => logger.warn(p + m),
    error: (m) => logger.error(p + m),
  };
}
