/** The listener's routes. `ingest` routes take SDK data and allow CORS; the others never do. */
export type Route =
  | { kind: 'envelope'; projectId: string; ingest: true }
  | { kind: 'store'; projectId: string; ingest: true }
  | { kind: 'stream'; ingest: true }
  | { kind: 'webhook'; ingest: false }
  | { kind: 'health'; ingest: false }
  | { kind: 'errors'; ingest: false }
  | { kind: 'latest'; ingest: false }
  | { kind: 'traces'; ingest: false }
  | { kind: 'trace'; traceId: string; ingest: false }
  | { kind: 'logs'; ingest: false }
  | { kind: 'mcp'; ingest: false };

/** `/stream` also answers GET with `Accept: text/event-stream` (as EventSource sends it): the live feed (streamFeed.ts). */
export const STREAM_FEED_METHOD = 'GET';

/** Allowed methods per route kind (OPTIONS is answered for ingest routes only). */
export const ROUTE_METHODS: Record<Route['kind'], string> = {
  envelope: 'POST',
  store: 'POST',
  stream: 'POST',
  webhook: 'POST',
  health: 'GET',
  errors: 'GET',
  latest: 'GET',
  traces: 'GET',
  trace: 'GET',
  logs: 'GET',
  mcp: 'POST',
};

// SDKs keep a DSN path prefix: `/prefix/api/42/envelope/` (the trailing slash is optional, as in Relay).
const API = /^(?:\/[^?#]*)?\/api\/([A-Za-z0-9_.-]{1,64})\/(envelope|store)\/?$/;

/** Matches a request path (without the query) to a route, or undefined for 404. */
export function matchRoute(pathname: string): Route | undefined {
  const m = API.exec(pathname);
  if (m) return m[2] === 'envelope' ? { kind: 'envelope', projectId: m[1]!, ingest: true } : { kind: 'store', projectId: m[1]!, ingest: true };
  const path = pathname.replace(/\/+$/, '') || '/';
  const trace = /^\/traces\/([^/]{1,64})$/.exec(path);
  if (trace) return { kind: 'trace', traceId: trace[1]!, ingest: false };
  switch (path) {
    case '/stream':
      return { kind: 'stream', ingest: true };
    case '/sentry/webhook':
      return { kind: 'webhook', ingest: false };
    case '/health':
      return { kind: 'health', ingest: false };
    case '/errors':
      return { kind: 'errors', ingest: false };
    case '/errors/latest':
      return { kind: 'latest', ingest: false };
    case '/traces':
      return { kind: 'traces', ingest: false };
    case '/logs':
      return { kind: 'logs', ingest: false };
    case '/mcp':
      return { kind: 'mcp', ingest: false };
    default:
      return undefined;
  }
}
