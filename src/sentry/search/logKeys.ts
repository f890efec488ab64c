import { type Result, fail, ok } from '../../util/result';
import { type KeyDef, type KeyTable, type UnknownKey, closestKey } from './keys';
import { scalarsOf } from './searchableEvent';

/**
 * The keys of log records. A store of logs maps its records to this plain
 * shape (or keeps them in it) and compiles queries with `logKeyTable`:
 *
 *     const q = compileSearch('level:error body:*timeout* region:eu-*', logKeyTable);
 *     if (!q.ok) return fail(q.reason);   // the reason names the position
 *     const hits = logs.filter((l) => q.value.test(l));
 *
 * Keys: `level` (trace, debug, info, warn, error, fatal), `body` (also
 * `message`; anywhere in it), `trace`/`trace.id`, `span`/`span.id`,
 * `timestamp`; any other name is an attribute (bare, or as
 * `attributes[name]` for names that collide with a key); free text is the
 * body.
 */
export interface SearchableLog {
  /** Milliseconds since the epoch (seconds are accepted too). */
  timestamp: number;
  level: string;
  body: string;
  traceId?: string | null | undefined;
  spanId?: string | null | undefined;
  /** Plain values, or Sentry's typed form `{ value, type }`. */
  attributes?: Record<string, unknown> | undefined;
}

type Def = KeyDef<SearchableLog>;
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
const LEVEL_ALIASES: Record<string, string> = { warning: 'warn', critical: 'fatal', log: 'info' };

function levelValue(v: string): Result<string> {
  const l = v.toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(l)) return ok(l);
  if (LEVEL_ALIASES[l]) return ok(LEVEL_ALIASES[l]);
  return fail(`unknown log level "${v}": use one of ${LOG_LEVELS.join(', ')}`);
}

const ms = (t: number): number => (t > 1e11 ? t : t * 1000);

export const LOG_KEYS: Record<string, Def> = {
  level: { type: 'text', doc: 'trace, debug, info, warn, error or fatal', cost: 1, value: levelValue, get: (l) => LEVEL_ALIASES[l.level.toLowerCase()] ?? l.level.toLowerCase() },
  body: { type: 'text', doc: 'the log message, anywhere in it', cost: 1, contains: true, get: (l) => l.body },
  trace: { type: 'text', doc: 'the trace id', cost: 1, get: (l) => l.traceId ?? undefined },
  span: { type: 'text', doc: 'the span id', cost: 1, get: (l) => l.spanId ?? undefined },
  timestamp: { type: 'date', doc: 'when it was logged: -1h, >2024-05-01T10:00', cost: 1, get: (l) => ms(l.timestamp) },
};

const ALIASES: Record<string, string> = { message: 'body', 'trace.id': 'trace', trace_id: 'trace', 'span.id': 'span', span_id: 'span', severity: 'level' };
const NAMES = [...Object.keys(LOG_KEYS), ...Object.keys(ALIASES)];

function attribute(l: SearchableLog, name: string): unknown {
  const a = l.attributes;
  if (!a) return undefined;
  let v = Object.hasOwn(a, name) ? a[name] : undefined;
  if (v === undefined) {
    const lower = name.toLowerCase();
    const k = Object.keys(a).find((x) => x.toLowerCase() === lower);
    v = k === undefined ? undefined : a[k];
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v) return (v as { value: unknown }).value;
  return v;
}

function attributeKey(name: string): Def {
  return { type: 'text', doc: `the attribute ${name}`, cost: 2, get: (l) => scalarsOf(attribute(l, name)) };
}

function resolveLogKey(key: string): Def | UnknownKey | undefined {
  const bracket = /^attributes?\[(.*)\]$/is.exec(key);
  if (bracket) {
    const name = bracket[1]!.trim();
    return name ? attributeKey(name) : { unknown: '"attributes[]" needs an attribute name, e.g. attributes[http.method]:GET' };
  }
  const near = closestKey(key, NAMES);
  if (near) return { unknown: `did you mean ${near}? (for an attribute of that name: attributes[${key}]:value)`, near };
  return { ...attributeKey(key), note: `"${key}" is not one of the log keys: read as the attribute ${key} (write attributes[${key}] to say so)` };
}

export const logKeyTable: KeyTable<SearchableLog> = {
  kind: 'logs',
  keys: LOG_KEYS,
  aliases: ALIASES,
  resolve: resolveLogKey,
  text: (l) => l.body,
  textCost: 1,
};
