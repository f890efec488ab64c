import type { StoredLog } from './recordKinds';
import { compileRecordQuery } from './recordQuery';
import type { TelemetryStoreApi } from './telemetryStore';
import { type TraceReader, logView } from './traces/traceReader';
import type { TraceSummary } from './traces/traceSummary';

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

const TRACE_FIELDS = {
  text: (t: TraceSummary) => `${t.rootName} ${t.rootOp} ${t.traceId}`,
  field: (t: TraceSummary, key: string): unknown => {
    switch (key) {
      case 'trace':
      case 'trace.id':
      case 'traceId':
        return t.traceId;
      case 'transaction':
      case 'name':
        return t.rootName;
      case 'op':
      case 'span.op':
        return t.rootOp;
      case 'has':
        return t.errorCount > 0 ? 'error' : undefined;
      default:
        return undefined;
    }
  },
};

const LOG_FIELDS = {
  text: (l: StoredLog) => l.body,
  field: (l: StoredLog, key: string): unknown => {
    switch (key) {
      case 'level':
        return l.level;
      case 'message':
      case 'body':
        return l.body;
      case 'trace':
      case 'trace.id':
      case 'traceId':
        return l.traceId;
      case 'span':
      case 'span.id':
      case 'spanId':
        return l.spanId;
      default:
        return l.attributes[key];
    }
  },
};

/** `GET /traces?limit=&query=`: trace summaries, newest first. */
export function listTraces(reader: TraceReader, url: URL): ReadAnswer {
  const limit = readLimit(url);
  if (typeof limit !== 'number') return limit;
  const q = compileRecordQuery((url.searchParams.get('query') ?? '').trim(), TRACE_FIELDS);
  if (!q.ok) return refuse(400, `invalid query: ${q.reason}`);
  const traces = reader.list(limit, q.value);
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
  const q = compileRecordQuery((url.searchParams.get('query') ?? '').trim(), LOG_FIELDS);
  if (!q.ok) return refuse(400, `invalid query: ${q.reason}`);
  const logs = telemetry.logs.newestFirst(limit, q.value).map(logView);
  return { status: 200, body: { count: logs.length, logs } };
}
