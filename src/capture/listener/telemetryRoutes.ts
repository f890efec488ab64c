import { compileSearch } from '../../sentry/search/compile';
import { logKeyTable } from '../../sentry/search/logKeys';
import { traceKeyTable } from '../../sentry/search/traceKeys';
import type { TelemetryStoreApi } from '../kinds/telemetryStore';
import { type TraceReader, logView } from '../kinds/traces/traceReader';

/** An answer of a read route: a status and a JSON body (`{detail}` for a refusal). */
export interface ReadAnswer {
  status: number;
  body: unknown;
}

const refuse = (status: number, detail: string): ReadAnswer => ({ status, body: { detail } });

/** `limit=` as the read routes take it: 1 to 1000, 100 when absent. */
export function readLimit(url: URL): number | ReadAnswer {
  const text = url.searchParams.get('limit');
  const limit = text === null || text === '' ? 100 : Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return refuse(400, 'limit must be a whole number from 1 to 1000');
  return limit;
}

/** `GET /traces?limit=&query=`: trace summaries, newest first. */
export function listTraces(reader: TraceReader, url: URL): ReadAnswer {
  const limit = readLimit(url);
  if (typeof limit !== 'number') return limit;
  // Sentry's search syntax with the trace keys (duration:>500ms, op:, transaction:, has:error).
  const q = compileSearch((url.searchParams.get('query') ?? '').trim(), traceKeyTable);
  if (!q.ok) return refuse(400, `invalid query: ${q.reason}`);
  const traces = reader.list(limit, q.value.test);
  return { status: 200, body: { count: traces.length, traces } };
}

/** `GET /traces/{traceId}`: its spans, errors and logs; 404 when nothing carries the id. */
export function getTrace(reader: TraceReader, traceId: string): ReadAnswer {
  const id = traceId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id)) return refuse(400, 'a trace id is 32 hexadecimal digits');
  const d = reader.detail(id);
  return d ? { status: 200, body: d } : refuse(404, `no trace ${id}`);
}

/** `GET /logs?limit=&query=`: log lines, newest first, attributes as plain values. */
export function listLogs(telemetry: TelemetryStoreApi, url: URL): ReadAnswer {
  const limit = readLimit(url);
  if (typeof limit !== 'number') return limit;
  // Sentry's search syntax with the log keys (level:, body:, trace:, attributes by name).
  const q = compileSearch((url.searchParams.get('query') ?? '').trim(), logKeyTable);
  if (!q.ok) return refuse(400, `invalid query: ${q.reason}`);
  const logs = telemetry.logs.newestFirst(limit, q.value.test).map(logView);
  return { status: 200, body: { count: logs.length, logs } };
}
