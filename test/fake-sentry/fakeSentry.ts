/**
 * A fake of Sentry's REST API on 127.0.0.1 for tests and the e2e suite: the
 * endpoints the extension uses, answering in the shapes of Sentry's published
 * API description, with Bearer tokens and per-token scopes, Sentry's error
 * bodies, Link-header pagination, and injectable faults (429 with
 * `X-Sentry-Rate-Limit-Reset` or `Retry-After`, 500, a hang).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  type FakeFrame,
  type FakeIssue,
  type FakeIssueSeed,
  type FakeProject,
  eventSummary,
  exampleFrames,
  issueDetail,
  issueListItem,
  latestEvent,
  makeIssue,
} from './seed';

export type { FakeFrame, FakeIssue, FakeIssueSeed, FakeProject } from './seed';

export const ALL_SCOPES = ['org:read', 'project:read', 'event:read', 'event:write'] as const;

export type FakeFault = (
  | { kind: 'rate-limit'; resetInSeconds?: number; header?: 'reset' | 'retry-after' }
  | { kind: 'server-error'; status?: number }
  | { kind: 'hang' }
  /** 200 with a body that is not in Sentry's shape. */
  | { kind: 'malformed' }
) & {
  /** Let this many API requests through before the fault hits (e.g. 1 = fail the second page). */
  skip?: number;
};

export interface FakeSentryOptions {
  port?: number;
  /** Serve under a sub-path like a self-hosted Sentry at `https://example.com/sentry` (e.g. `/sentry`). */
  pathPrefix?: string;
  org?: string;
  projects?: FakeProject[];
  /** Issues to seed (default: 5 generated ones); a number seeds that many generated issues. */
  issues?: FakeIssueSeed[] | number;
  /** Frames of every seeded issue's latest event, outermost first (default: the example event's frames). */
  frames?: FakeFrame[];
  /** The valid token (default: a random `sntryu_fake_…`). */
  token?: string;
  /** Scopes of the valid token (default: all the extension needs). */
  scopes?: string[];
  /** More tokens with their scopes, e.g. a read-only one. */
  extraTokens?: Record<string, string[]>;
  /** Time for seeded timestamps and rate-limit reset headers (default Date.now). */
  now?: () => number;
  /** The organization's `links.regionUrl` (default: this server's own URL), as sentry.io names the region holding an organization's data. */
  regionUrl?: string;
}

export interface RecordedRequest {
  at: number;
  method: string;
  /** Path without the sub-path prefix and without the query. */
  path: string;
  query: Record<string, string[]>;
  status: number;
}

export interface FakeSentryState {
  org: string;
  projects: FakeProject[];
  issues: FakeIssue[];
  user: { id: string; name: string; username: string; email: string };
  tokens: Map<string, string[]>;
  requests: RecordedRequest[];
  faults: FakeFault[];
  /** The next `times` API requests answer with this fault. */
  injectFault(fault: FakeFault, times?: number): void;
  addIssue(seed?: FakeIssueSeed): FakeIssue;
  /** A new event for an issue: count + 1 and lastSeen = now. */
  touchIssue(id: string): void;
  /** Requests currently held open by a `hang` fault. */
  readonly hanging: number;
}

export interface FakeSentry {
  url: string;
  token: string;
  state: FakeSentryState;
  close(): Promise<void>;
}

type Obj = Record<string, unknown>;
interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const DEFAULT_PROJECTS: FakeProject[] = [
  { id: '2', slug: 'pump-station', name: 'Pump Station', platform: 'node' },
  { id: '3', slug: 'prime-mover', name: 'Prime Mover', platform: 'python' },
];

const FORBIDDEN = 'You do not have permission to perform this action.';
const NOT_FOUND = 'The requested resource does not exist';

export async function startFakeSentry(opts: FakeSentryOptions = {}): Promise<FakeSentry> {
  const now = opts.now ?? Date.now;
  const prefix = (opts.pathPrefix ?? '').replace(/\/+$/, '');
  const token = opts.token ?? `sntryu_fake_${randomBytes(16).toString('hex')}`;
  const projects = opts.projects ?? DEFAULT_PROJECTS;
  const frames = opts.frames ?? exampleFrames();
  const baseTime = now();
  const seeds = typeof opts.issues === 'number' ? Array.from({ length: opts.issues }, () => ({})) : (opts.issues ?? Array.from({ length: 5 }, () => ({})));
  let counter = 0;
  const hangingResponses = new Set<http.ServerResponse>();

  const state: FakeSentryState = {
    org: opts.org ?? 'the-interstellar-jurisdiction',
    projects,
    issues: seeds.map((s) => makeIssue(++counter, s, projects, { frames, baseTime })),
    user: { id: '1', name: 'John Doe', username: 'john', email: 'john.doe@example.com' },
    tokens: new Map<string, string[]>([[token, opts.scopes ?? [...ALL_SCOPES]], ...Object.entries(opts.extraTokens ?? {})]),
    requests: [],
    faults: [],
    injectFault(fault, times = 1) {
      for (let i = 0; i < times; i++) state.faults.push(i === 0 ? fault : { ...fault, skip: 0 });
    },
    addIssue(seed = {}) {
      const issue = makeIssue(++counter, { lastSeen: iso(now()), ...seed }, projects, { frames, baseTime: now() });
      state.issues.unshift(issue);
      return issue;
    },
    touchIssue(id) {
      const issue = state.issues.find((i) => i.id === id);
      if (!issue) throw new Error(`no issue ${id}`);
      issue.count++;
      issue.lastSeen = iso(now());
    },
    get hanging() {
      return hangingResponses.size;
    },
  };

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { detail: `fake server bug: ${String(e)}` } });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  let baseUrl = '';

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    let p = url.pathname;
    // Control routes for tests driving the server from another process.
    if (p.startsWith('/__fake/')) return send(res, control(req.method ?? 'GET', p, body));
    if (prefix) {
      if (!p.startsWith(`${prefix}/`)) return send(res, { status: 404, body: { detail: NOT_FOUND } });
      p = p.slice(prefix.length);
    }
    const query: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
    const record: RecordedRequest = { at: now(), method: req.method ?? 'GET', path: p, query, status: 0 };
    state.requests.push(record);

    let fault: FakeFault | undefined;
    if (p.startsWith('/api/0/') && state.faults.length) {
      const head = state.faults[0]!;
      if (head.skip) state.faults[0] = { ...head, skip: head.skip - 1 };
      else fault = state.faults.shift();
    }
    if (fault?.kind === 'hang') {
      hangingResponses.add(res);
      res.on('close', () => hangingResponses.delete(res));
      record.status = -1;
      return;
    }
    let answer: Answer;
    if (fault?.kind === 'rate-limit') {
      const secs = fault.resetInSeconds ?? 30;
      const headers: Record<string, string> =
        fault.header === 'retry-after'
          ? { 'Retry-After': String(secs) }
          : {
              'X-Sentry-Rate-Limit-Reset': String(Math.ceil(now() / 1000) + secs),
              'X-Sentry-Rate-Limit-Limit': '40',
              'X-Sentry-Rate-Limit-Remaining': '0',
              'X-Sentry-Rate-Limit-ConcurrentLimit': '25',
              'X-Sentry-Rate-Limit-ConcurrentRemaining': '24',
            };
      answer = { status: 429, headers, body: { detail: 'You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds' } };
    } else if (fault?.kind === 'malformed') {
      answer = { status: 200, body: [{ id: 1, note: 'not an issue' }] };
    } else if (fault?.kind === 'server-error') {
      answer = { status: fault.status ?? 500, body: { detail: 'Internal Error', errorId: randomBytes(16).toString('hex') } };
    } else {
      answer = route(req.method ?? 'GET', p, url, query, req.headers.authorization, body);
    }
    record.status = answer.status;
    send(res, answer);
  }

  function control(method: string, p: string, body: string): Answer {
    if (method === 'POST' && p === '/__fake/faults') {
      const { fault, times } = JSON.parse(body || '{}') as { fault: FakeFault; times?: number };
      state.injectFault(fault, times ?? 1);
      return { status: 200, body: { queued: state.faults.length } };
    }
    if (method === 'POST' && p === '/__fake/issues') return { status: 200, body: state.addIssue(JSON.parse(body || '{}') as FakeIssueSeed) };
    if (method === 'POST' && p === '/__fake/touch') {
      state.touchIssue((JSON.parse(body || '{}') as { id: string }).id);
      return { status: 200, body: {} };
    }
    if (method === 'GET' && p === '/__fake/requests') return { status: 200, body: state.requests };
    if (method === 'GET' && p === '/__fake/issues') return { status: 200, body: state.issues };
    return { status: 404, body: { detail: 'unknown control route' } };
  }

  function authorize(auth: string | undefined, anyOf: readonly string[] | null): Answer | undefined {
    if (!auth) return { status: 401, body: { detail: 'Authentication credentials were not provided.' } };
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const scopes = m ? state.tokens.get(m[1]!) : undefined;
    if (!scopes) return { status: 401, body: { detail: 'Invalid token' } };
    if (anyOf && !anyOf.some((s) => scopes.includes(s))) return { status: 403, body: { detail: FORBIDDEN } };
    return undefined;
  }

  function route(method: string, p: string, url: URL, query: Record<string, string[]>, auth: string | undefined, body: string): Answer {
    const parts = p.split('/').filter(Boolean).map(decodeURIComponent); // ['api','0',...]
    if (parts[0] !== 'api' || parts[1] !== '0') return { status: 404, body: { detail: NOT_FOUND } };
    const r = parts.slice(2);
    const readEvents = ['event:read', 'event:write', 'event:admin'];

    if (method === 'GET' && ((r.length === 1 && r[0] === 'auth') || (r.length === 2 && r[0] === 'users' && r[1] === 'me'))) {
      return authorize(auth, null) ?? { status: 200, body: { ...state.user, isActive: true, dateJoined: iso(baseTime - 365 * 86_400_000), isSuperuser: false } };
    }
    if (method === 'GET' && r.length === 1 && r[0] === 'organizations') {
      return authorize(auth, ['org:read', 'org:write', 'org:admin']) ?? {
        status: 200,
        body: [
          {
            id: '1',
            slug: state.org,
            name: 'The Interstellar Jurisdiction',
            dateCreated: iso(baseTime - 365 * 86_400_000),
            isEarlyAdopter: false,
            require2FA: false,
            avatar: { avatarType: 'letter_avatar', avatarUuid: null },
            status: { id: 'active', name: 'active' },
            features: [],
            links: { organizationUrl: baseUrl, regionUrl: opts.regionUrl ?? baseUrl },
          },
        ],
      };
    }
    if (r[0] === 'organizations' && r.length >= 2 && r[1] !== state.org) {
      return authorize(auth, null) ?? { status: 404, body: { detail: NOT_FOUND } };
    }
    // /organizations/{org}/: the organization's details, with the region that holds its data.
    if (method === 'GET' && r[0] === 'organizations' && r.length === 2) {
      return authorize(auth, ['org:read', 'org:write', 'org:admin']) ?? {
        status: 200,
        body: {
          id: '1',
          slug: state.org,
          name: 'The Interstellar Jurisdiction',
          dateCreated: iso(baseTime - 365 * 86_400_000),
          status: { id: 'active', name: 'active' },
          features: [],
          links: { organizationUrl: baseUrl, regionUrl: opts.regionUrl ?? baseUrl },
        },
      };
    }
    // /organizations/{org}/projects/
    if (method === 'GET' && r[0] === 'organizations' && r.length === 3 && r[2] === 'projects') {
      return authorize(auth, ['org:read', 'project:read', 'org:write', 'org:admin']) ?? {
        status: 200,
        body: state.projects.map((pr) => ({
          id: pr.id,
          slug: pr.slug,
          name: pr.name,
          platform: pr.platform ?? null,
          dateCreated: iso(baseTime - 300 * 86_400_000),
          isBookmarked: false,
          isMember: true,
          hasAccess: true,
          features: [],
          firstEvent: iso(baseTime - 200 * 86_400_000),
          status: 'active',
        })),
      };
    }
    // /organizations/{org}/issues/
    if (method === 'GET' && r[0] === 'organizations' && r.length === 3 && r[2] === 'issues') {
      const denied = authorize(auth, readEvents);
      if (denied) return denied;
      return listIssues(url, query);
    }
    // /organizations/{org}/shortids/{short_id}/: a short id resolved to its issue (case-insensitive, as Sentry's).
    if (method === 'GET' && r[0] === 'organizations' && r.length === 4 && r[2] === 'shortids') {
      const issue = state.issues.find((i) => i.shortId.toUpperCase() === r[3]!.toUpperCase());
      const body = issue && { organizationSlug: state.org, projectSlug: issue.project.slug, groupId: issue.id, shortId: issue.shortId, group: issueDetail(issue, baseUrl, state.org) };
      return authorize(auth, readEvents) ?? (body ? { status: 200, body } : { status: 404, body: { detail: NOT_FOUND } });
    }
    // Issue routes: /organizations/{org}/issues/{id}/... or the older /issues/{id}/...
    let rest: string[] | undefined;
    if (r[0] === 'organizations' && r[2] === 'issues' && r.length >= 4) rest = r.slice(3);
    else if (r[0] === 'issues' && r.length >= 2) rest = r.slice(1);
    if (rest) {
      const writing = method === 'PUT';
      const denied = authorize(auth, writing ? ['event:write', 'event:admin'] : readEvents);
      if (denied) return denied;
      const issue = state.issues.find((i) => i.id === rest![0] || i.shortId === rest![0]);
      if (!issue) return { status: 404, body: { detail: NOT_FOUND } };
      if (rest.length === 1 && method === 'GET') return { status: 200, body: issueDetail(issue, baseUrl, state.org) };
      if (rest.length === 1 && method === 'PUT') return updateIssue(issue, body);
      if (method === 'GET' && rest[1] === 'events' && rest.length === 2) return { status: 200, body: [eventSummary(issue)] };
      if (method === 'GET' && rest[1] === 'events' && rest.length === 3 && ['latest', 'oldest', 'recommended', issue.eventId].includes(rest[2]!)) {
        return { status: 200, body: latestEvent(issue) };
      }
      return { status: 404, body: { detail: NOT_FOUND } };
    }
    return authorize(auth, null) ?? { status: 404, body: { detail: NOT_FOUND } };
  }

  function listIssues(url: URL, query: Record<string, string[]>): Answer {
    const wanted = (query.project ?? []).filter((x) => x !== '-1');
    for (const w of wanted) {
      // Sentry answers an unknown or inaccessible project in the filter with 403.
      if (!state.projects.some((pr) => pr.slug === w || pr.id === w)) return { status: 403, body: { detail: FORBIDDEN } };
    }
    const q = query.query?.[0] ?? 'is:unresolved';
    let list = state.issues.filter((i) => !wanted.length || wanted.includes(i.project.slug) || wanted.includes(i.project.id));
    const text: string[] = [];
    for (const term of q.split(/\s+/).filter(Boolean)) {
      const [k, v] = term.includes(':') ? [term.slice(0, term.indexOf(':')), term.slice(term.indexOf(':') + 1)] : ['', term];
      if (k === 'is' && ['unresolved', 'resolved', 'ignored'].includes(v)) list = list.filter((i) => i.status === v);
      else if (k === 'level') list = list.filter((i) => i.level === v);
      else if (k === 'project') list = list.filter((i) => i.project.slug === v);
      else if (k === '') text.push(v.toLowerCase());
      else return { status: 400, body: { detail: `Invalid search query: unsupported key "${k}" in the fake` } };
    }
    if (text.length) list = list.filter((i) => text.every((t) => i.title.toLowerCase().includes(t)));
    // `environment` (repeatable): issues with events in any of them. `statsPeriod`: issues seen within it, a
    // number followed by s, m, h, d or w as the published API describes it (default 14d, as Sentry's endpoint).
    const environments = (query.environment ?? []).filter(Boolean);
    if (environments.length) list = list.filter((i) => environments.includes(i.environment));
    const period = query.statsPeriod?.[0] ?? '14d';
    {
      const m = /^(\d+)([smhdw])$/.exec(period);
      if (!m) return { status: 400, body: { detail: `Invalid statsPeriod: ${JSON.stringify(period)}` } };
      const ms = Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 's' | 'm' | 'h' | 'd' | 'w'];
      const since = now() - ms;
      list = list.filter((i) => Date.parse(i.lastSeen) >= since);
    }
    const sort = query.sort?.[0] ?? 'date';
    if (sort === 'freq') list = [...list].sort((a, b) => b.count - a.count);
    else if (sort === 'new') list = [...list].sort((a, b) => b.firstSeen.localeCompare(a.firstSeen));
    else list = [...list].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));

    const limit = Math.min(100, Math.max(1, Number(query.limit?.[0] ?? 100) || 100));
    const cursor = query.cursor?.[0];
    let offset = 0;
    if (cursor !== undefined) {
      const m = /^(\d+):(\d+):([01])$/.exec(cursor);
      if (!m) return { status: 400, body: { detail: 'Invalid cursor parameter.' } };
      offset = Number(m[2]);
    }
    const page = list.slice(offset, offset + limit);
    const link = (c: string, rel: string, results: boolean) => {
      const u = new URL(url.toString());
      u.searchParams.set('cursor', c);
      return `<${baseUrl}${u.pathname.slice(prefix.length)}${u.search}>; rel="${rel}"; results="${results}"; cursor="${c}"`;
    };
    const prev = `0:${Math.max(0, offset - limit)}:1`;
    const next = `0:${offset + limit}:0`;
    return {
      status: 200,
      headers: { Link: `${link(prev, 'previous', offset > 0)}, ${link(next, 'next', offset + limit < list.length)}`, 'X-Hits': String(list.length) },
      body: page.map((i) => issueListItem(i, baseUrl, state.org)),
    };
  }

  function updateIssue(issue: FakeIssue, body: string): Answer {
    let input: Obj;
    try {
      input = JSON.parse(body) as Obj;
    } catch {
      return { status: 400, body: { detail: 'JSON parse error' } };
    }
    const out: Obj = {};
    if (input.status !== undefined) {
      if (!['resolved', 'unresolved', 'ignored', 'resolvedInNextRelease'].includes(String(input.status))) {
        return { status: 400, body: { status: [`"${String(input.status)}" is not a valid choice.`] } };
      }
      issue.status = input.status === 'resolvedInNextRelease' ? 'resolved' : (input.status as FakeIssue['status']);
      out.status = issue.status;
      out.statusDetails = {};
    }
    if (input.assignedTo !== undefined) {
      const a = String(input.assignedTo ?? '');
      const u = state.user;
      if (a === '') issue.assignedTo = null;
      else if ([`user:${u.id}`, u.id, u.username, u.email].includes(a)) issue.assignedTo = { type: 'user', id: u.id, name: u.name, email: u.email };
      else return { status: 400, body: { assignedTo: ['Unknown actor input'] } };
      out.assignedTo = issue.assignedTo;
    }
    return { status: 200, body: out };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}${prefix}`;

  return {
    url: baseUrl,
    token,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hangingResponses) res.destroy();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, a: Answer): void {
  const body = a.body === undefined ? '' : JSON.stringify(a.body);
  res.writeHead(a.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...a.headers });
  res.end(body);
}
