import type { Attributes } from './attributes';

/** Sentry's log levels (develop.sentry.dev "Logs"), least to most severe. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One log line as the capture keeps it. */
export interface LogRecord {
  /** Seconds since the epoch. */
  timestamp: number;
  level: LogLevel;
  body: string;
  traceId: string | null;
  /** The log's `span_id`, else its `sentry.trace.parent_span_id` attribute (the span active when it was logged). */
  spanId: string | null;
  severityNumber?: number;
  attributes: Attributes;
}

/** A level as SDKs send it (`warning` is `warn`, unknown ones are `info`). */
export function logLevelOf(level: string): LogLevel {
  const l = level.toLowerCase();
  if (l === 'warning') return 'warn';
  if (l === 'critical') return 'fatal';
  return (LOG_LEVELS as readonly string[]).includes(l) ? (l as LogLevel) : 'info';
}
