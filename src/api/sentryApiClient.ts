import type { Dispatcher } from 'undici';
import type { ZodType } from 'zod';
import { SentryError, SentryRateLimitError } from '../sentry/errors';
import { type Logger, silentLogger } from '../util/logger';
import { type ApiIssue, type IssueStatus, toApiIssue, toIssueStatus } from './apiIssue';
import { type ApiOperation, errorFromFailure, errorFromResponse } from './apiErrors';
import { parseBaseUrl } from './baseUrl';
import { mayFollowRegion } from './region';
import { abortableSleep } from './rateLimitSleep';
import { nextCursor } from './pagination';
import {
  type ApiEvent,
  type ApiEventSummary,
  type ApiOrganization,
  type ApiProject,
  type ApiUser,
  eventSchema,
  eventSummaryListSchema,
  issueListSchema,
  issueSchema,
  issueUpdateAnswerSchema,
  organizationListSchema,
  organizationSchema,
  projectListSchema,
  shortIdSchema,
  userSchema,
} from './schemas';

export interface SentryApiTimeouts {
  /** Establishing the TCP/TLS connection. Default 10 s. */
  connectMs?: number;
  /** Waiting for the response headers. Default 30 s. */
  headersMs?: number;
  /** Between body chunks. Default 30 s. */
  bodyMs?: number;
}

export interface SentryApiClientOptions {
  /** `https://sentry.io`, `https://de.sentry.io`, or a self-hosted Sentry incl. a sub-path. */
  baseUrl: string;
  token: string;
  /** An undici dispatcher (tests, proxies); by default one Agent with `timeouts`. */
  dispatcher?: Dispatcher;
  timeouts?: SentryApiTimeouts;
  logger?: Logger;
  userAgent?: string;
  now?: () => number;
  /**
   * How a 429 is waited out before a caller sees it: a wait of at most
   * `maxWaitMs` (from X-Sentry-Rate-Limit-Reset or Retry-After) is slept
   * through and the request sent again, up to `maxRetries` times a request.
   * Longer waits reach the caller as a SentryRateLimitError. Default 10 s, 3.
   */
  rateLimit?: { maxWaitMs?: number; maxRetries?: number };
  /**
   * Whether organization-scoped calls go to the organization's `links.regionUrl`.
   * Default: when the base URL is https://sentry.io, whose organizations live in
   * regions (us.sentry.io, de.sentry.io); a region URL or a self-hosted Sentry
   * is used as it is, without the extra look-up.
   */
  followRegions?: boolean;
  /** Sleeps (tests); rejects when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListIssuesOptions extends CallOptions {
  org: string;
  /** Project slugs (or ids); none = every project the token can see. */
  projects?: string[];
  /** Sentry search syntax; Sentry applies `is:unresolved` when omitted. */
  query?: string;
  statsPeriod?: string;
  sort?: 'date' | 'new' | 'trends' | 'freq' | 'user' | 'inbox' | 'recommended';
  environment?: string | string[];
  /** Pages to follow at most (default 3). */
  maxPages?: number;
  /** Issues per page, 1..100 (default 100). */
  perPage?: number;
  /** Start from this cursor (from an earlier `nextCursor`). */
  cursor?: string;
}

export interface IssueList {
  issues: ApiIssue[];
  /** More pages exist than `maxPages` allowed. */
  truncated: boolean;
  /** Where to continue when truncated. */
  nextCursor?: string;
}

export interface IssueUpdate {
  status?: IssueStatus;
  /** `user:<id>`, `team:<id>`, a username or an email; `''` unassigns. */
  assignedTo?: string;
}

type Method = 'GET' | 'PUT';
type Query = Array<[string, string]>;

const DEFAULT_MAX_PAGES = 3;
const DEFAULT_RATE_LIMIT = { maxWaitMs: 10_000, maxRetries: 3 };

const seg = encodeURIComponent;

/** The REST API of sentry.io or a self-hosted Sentry, with Bearer auth, typed errors and Link pagination. */
export class SentryApiClient {
  readonly baseUrl: string;
  private readonly token: string;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly userAgent: string;
  private readonly timeouts: Required<SentryApiTimeouts>;
  private readonly dispatcher: Dispatcher | undefined;
  private undici: Promise<typeof import('undici')> | undefined;
  private ownAgent: Dispatcher | undefined;
  private readonly rateLimit: { maxWaitMs: number; maxRetries: number };
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Per organization: the base URL its organization-scoped calls go to (its region). */
  private readonly regions = new Map<string, Promise<string>>();
  private readonly followRegions: boolean;

  constructor(opts: SentryApiClientOptions) {
    const base = parseBaseUrl(opts.baseUrl);
    if (!base.ok) throw new SentryError('bad-request', base.reason);
    if (!opts.token.trim()) throw new SentryError('auth', 'No Sentry auth token is set.');
    this.baseUrl = base.value;
    this.token = opts.token.trim();
    this.log = opts.logger ?? silentLogger;
    this.now = opts.now ?? Date.now;
    this.userAgent = opts.userAgent ?? 'sentry-lens/0.1';
    this.dispatcher = opts.dispatcher;
    this.timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000, ...opts.timeouts };
    this.rateLimit = { ...DEFAULT_RATE_LIMIT, ...opts.rateLimit };
    this.sleep = opts.sleep ?? abortableSleep;
    this.followRegions = opts.followRegions ?? new URL(this.baseUrl).hostname.toLowerCase() === 'sentry.io';
  }

  /**
   * The base URL for an organization's calls: its `links.regionUrl`
   * (sentry.io keeps each organization's data in a region such as
   * https://de.sentry.io) when that is the base host or a subdomain of it,
   * else the base URL. Asked once per organization and kept; a failure to
   * ask falls back to the base URL, so the call itself reports what is wrong.
   */
  regionBase(org: string, signal?: AbortSignal): Promise<string> {
    if (!this.followRegions) return Promise.resolve(this.baseUrl);
    let known = this.regions.get(org);
    if (!known) {
      known = this.lookUpRegion(org, signal);
      this.regions.set(org, known);
      known.catch(() => this.regions.delete(org));
    }
    return known;
  }

  private async lookUpRegion(org: string, signal?: AbortSignal): Promise<string> {
    const op: ApiOperation = { action: `read organization "${org}"`, scope: 'org:read', notFound: `an organization "${org}"` };
    let region: string | undefined;
    try {
      const res = await this.request('GET', `/api/0/organizations/${seg(org)}/`, [], organizationSchema, op, signal);
      region = res.data.links?.regionUrl;
    } catch (e) {
      if (e instanceof SentryError && e.kind === 'cancelled') throw e;
      this.log.debug(`organization "${org}": no region known (${e instanceof SentryError ? e.kind : 'error'}); using ${this.baseUrl}`);
      this.regions.set(org, Promise.resolve(this.baseUrl));
      return this.baseUrl;
    }
    if (!region) return this.baseUrl;
    const trimmed = region.replace(/\/+$/, '');
    if (trimmed === this.baseUrl) return this.baseUrl;
    if (!mayFollowRegion(this.baseUrl, trimmed)) {
      this.log.warn(`organization "${org}" names its region ${new URL(trimmed).host}, which is not ${this.host} or one of its subdomains: the token is not sent there; calls stay on ${this.host}`);
      return this.baseUrl;
    }
    this.log.info(`organization "${org}" lives in ${new URL(trimmed).host}: its calls go there`);
    return trimmed;
  }

  private get host(): string {
    return new URL(this.baseUrl).host;
  }

  async listOrganizations(opts: CallOptions = {}): Promise<ApiOrganization[]> {
    const op: ApiOperation = { action: 'list your organizations', scope: 'org:read', notFound: 'this API (is the Sentry URL right?)' };
    return this.collect('/api/0/organizations/', [], organizationListSchema, op, 5, opts.signal);
  }

  async listProjects(org: string, opts: CallOptions = {}): Promise<ApiProject[]> {
    const op: ApiOperation = { action: `list the projects of organization "${org}"`, scope: 'org:read', notFound: `an organization "${org}"` };
    const base = await this.regionBase(org, opts.signal);
    return this.collect(`/api/0/organizations/${seg(org)}/projects/`, [], projectListSchema, op, 10, opts.signal, base);
  }

  async listIssues(opts: ListIssuesOptions): Promise<IssueList> {
    const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
    if (!Number.isInteger(maxPages) || maxPages < 1) throw new SentryError('bad-request', `maxPages must be a whole number of at least 1 (got ${maxPages})`);
    const perPage = opts.perPage ?? 100;
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) throw new SentryError('bad-request', `perPage must be between 1 and 100 (got ${perPage})`);
    const projects = opts.projects ?? [];
    const query: Query = [];
    for (const p of projects) query.push(['project', p]);
    for (const e of typeof opts.environment === 'string' ? [opts.environment] : (opts.environment ?? [])) if (e) query.push(['environment', e]);
    if (opts.query !== undefined) query.push(['query', opts.query]);
    if (opts.statsPeriod !== undefined) query.push(['statsPeriod', opts.statsPeriod]);
    if (opts.sort !== undefined) query.push(['sort', opts.sort]);
    query.push(['limit', String(perPage)]);
    const op: ApiOperation = {
      action: `list the issues of organization "${opts.org}"`,
      scope: 'event:read',
      notFound: `an organization "${opts.org}"`,
    };
    const path = `/api/0/organizations/${seg(opts.org)}/issues/`;
    const base = await this.regionBase(opts.org, opts.signal);
    const issues: ApiIssue[] = [];
    let cursor = opts.cursor;
    for (let page = 0; page < maxPages; page++) {
      let res;
      try {
        res = await this.request('GET', path, cursor ? [...query, ['cursor', cursor]] : query, issueListSchema, op, opts.signal, undefined, base);
      } catch (e) {
        // Sentry answers a project filter naming an unknown project with 403 (or 404): find out which.
        if (e instanceof SentryError && (e.status === 404 || e.status === 403) && projects.length) throw await this.explainMissing(opts.org, projects, e, opts.signal);
        throw e;
      }
      issues.push(...res.data.map(toApiIssue));
      cursor = nextCursor(res.headers.link);
      if (!cursor) return { issues, truncated: false };
    }
    return { issues, truncated: true, ...(cursor ? { nextCursor: cursor } : {}) };
  }

  /** After a 404 with project filters: find out whether the organization or which project slug is wrong. */
  private async explainMissing(org: string, projects: string[], original: SentryError, signal?: AbortSignal): Promise<SentryError> {
    let known: ApiProject[];
    try {
      known = await this.listProjects(org, signal ? { signal } : {});
    } catch (e) {
      return e instanceof SentryError && e.kind === 'not-found' ? e : original;
    }
    const have = new Set(known.flatMap((p) => [p.slug, p.id]));
    const missing = projects.filter((p) => !have.has(p));
    if (!missing.length) return original;
    const names = missing.map((p) => `"${p}"`).join(', ');
    return new SentryError(
      'not-found',
      `Organization "${org}" has no project ${names}: check the project slugs in the settings (known: ${known.map((p) => p.slug).slice(0, 10).join(', ') || 'none'}).`,
      { status: 404, cause: original },
    );
  }

  async getIssue(issueId: string, opts: CallOptions & { org?: string } = {}): Promise<ApiIssue> {
    const op: ApiOperation = { action: `read issue ${issueId}`, scope: 'event:read', notFound: `an issue with id ${issueId}` };
    const res = await this.request('GET', this.issuePath(issueId, opts.org), [], issueSchema, op, opts.signal, undefined, await this.baseFor(opts));
    return toApiIssue(res.data);
  }

  /** The issue with a short id such as `PROJ-12` (`GET /organizations/{org}/shortids/{short_id}/`). */
  async resolveShortId(org: string, shortId: string, opts: CallOptions = {}): Promise<ApiIssue> {
    const op: ApiOperation = { action: `look up issue ${shortId}`, scope: 'event:read', notFound: `an issue ${shortId} in organization "${org}"` };
    const res = await this.request('GET', `/api/0/organizations/${seg(org)}/shortids/${seg(shortId)}/`, [], shortIdSchema, op, opts.signal, undefined, await this.regionBase(org, opts.signal));
    return toApiIssue(res.data.group);
  }

  /** The newest event of an issue, in the REST shape (`entries[]`); read it with `viewEvent()`. */
  async latestEvent(issueId: string, opts: CallOptions & { org?: string } = {}): Promise<ApiEvent> {
    const op: ApiOperation = { action: `read the latest event of issue ${issueId}`, scope: 'event:read', notFound: `an issue with id ${issueId} (or it has no events)` };
    const res = await this.request('GET', `${this.issuePath(issueId, opts.org)}events/latest/`, [], eventSchema, op, opts.signal, undefined, await this.baseFor(opts));
    return res.data;
  }

  /** The first page of an issue's events (newest first). */
  async issueEvents(issueId: string, opts: CallOptions & { org?: string } = {}): Promise<ApiEventSummary[]> {
    const op: ApiOperation = { action: `list the events of issue ${issueId}`, scope: 'event:read', notFound: `an issue with id ${issueId}` };
    const res = await this.request('GET', `${this.issuePath(issueId, opts.org)}events/`, [], eventSummaryListSchema, op, opts.signal, undefined, await this.baseFor(opts));
    return res.data;
  }

  /** Resolve, ignore, unresolve or assign an issue (`PUT /api/0/organizations/{org}/issues/{id}/`, scope `event:write`). */
  async updateIssue(org: string, issueId: string, update: IssueUpdate, opts: CallOptions = {}): Promise<Partial<Pick<ApiIssue, 'status'>>> {
    const body: Record<string, string> = {};
    if (update.status !== undefined) body.status = update.status;
    if (update.assignedTo !== undefined) body.assignedTo = update.assignedTo;
    if (!Object.keys(body).length) throw new SentryError('bad-request', 'Nothing to change: give a status or an assignee.');
    const verb = update.status === 'resolved' ? 'resolve' : update.status === 'ignored' ? 'ignore' : update.status === 'unresolved' ? 'unresolve' : 'assign';
    const op: ApiOperation = { action: `${verb} issue ${issueId}`, scope: 'event:write', notFound: `an issue with id ${issueId} in organization "${org}"` };
    const base = await this.regionBase(org, opts.signal);
    const res = await this.request('PUT', `/api/0/organizations/${seg(org)}/issues/${seg(issueId)}/`, [], issueUpdateAnswerSchema, op, opts.signal, body, base);
    return res.data.status ? { status: toIssueStatus(res.data.status) } : {};
  }

  /** The user the token belongs to (`GET /api/0/auth/`), e.g. for "Assign to Me" (`user:<id>`). */
  async whoAmI(opts: CallOptions = {}): Promise<ApiUser> {
    const op: ApiOperation = { action: 'find out who the token belongs to', scope: 'a personal auth token (organization tokens belong to no user)', notFound: 'this API (is the Sentry URL right?)' };
    const res = await this.request('GET', '/api/0/auth/', [], userSchema, op, opts.signal);
    return res.data;
  }

  /** Closes the connection pool this client opened (not a dispatcher passed in). */
  async close(): Promise<void> {
    const a = this.ownAgent;
    this.ownAgent = undefined;
    if (a) await a.close();
  }

  /** Organization-scoped issue calls go to the organization's region; the older /issues/{id}/ ones to the base URL. */
  private async baseFor(opts: CallOptions & { org?: string }): Promise<string> {
    return opts.org ? this.regionBase(opts.org, opts.signal) : this.baseUrl;
  }

  private issuePath(issueId: string, org?: string): string {
    return org ? `/api/0/organizations/${seg(org)}/issues/${seg(issueId)}/` : `/api/0/issues/${seg(issueId)}/`;
  }

  private async collect<T>(path: string, query: Query, schema: ZodType<T[]>, op: ApiOperation, maxPages: number, signal?: AbortSignal, base?: string): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const res = await this.request('GET', path, cursor ? [...query, ['cursor', cursor]] : query, schema, op, signal, undefined, base);
      out.push(...res.data);
      cursor = nextCursor(res.headers.link);
      if (!cursor) break;
    }
    return out;
  }

  private async dispatcherFor(undici: typeof import('undici')): Promise<Dispatcher> {
    if (this.dispatcher) return this.dispatcher;
    this.ownAgent ??= new undici.Agent({
      connect: { timeout: this.timeouts.connectMs },
      headersTimeout: this.timeouts.headersMs,
      bodyTimeout: this.timeouts.bodyMs,
    });
    return this.ownAgent;
  }

  /** One call, with a short 429 waited out and the request sent again (see `rateLimit`). */
  private async request<T>(
    method: Method,
    path: string,
    query: Query,
    schema: ZodType<T>,
    op: ApiOperation,
    signal?: AbortSignal,
    body?: unknown,
    base: string = this.baseUrl,
  ): Promise<{ data: T; headers: Record<string, string | undefined> }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.requestOnce(method, path, query, schema, op, signal, body, base);
      } catch (e) {
        if (!(e instanceof SentryRateLimitError) || attempt >= this.rateLimit.maxRetries || e.retryAfterMs > this.rateLimit.maxWaitMs) throw e;
        const wait = Math.max(e.retryAfterMs, 250);
        this.log.info(`rate limited while trying to ${op.action}: waiting ${(wait / 1000).toFixed(1)} s, then trying again (${attempt + 1} of ${this.rateLimit.maxRetries})`);
        await this.sleep(wait, signal);
      }
    }
  }

  private async requestOnce<T>(
    method: Method,
    path: string,
    query: Query,
    schema: ZodType<T>,
    op: ApiOperation,
    signal: AbortSignal | undefined,
    body: unknown,
    base: string,
  ): Promise<{ data: T; headers: Record<string, string | undefined> }> {
    const url = new URL(base + path);
    for (const [k, v] of query) url.searchParams.append(k, v);
    const shown = `${method} ${url.pathname}${url.search}`;
    const started = this.now();
    this.undici ??= import('undici');
    const undici = await this.undici;
    const dispatcher = await this.dispatcherFor(undici);
    let status: number;
    let headers: Record<string, string | undefined>;
    let text: string;
    try {
      const res = await undici.request(url, {
        method,
        dispatcher,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          'user-agent': this.userAgent,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        headersTimeout: this.timeouts.headersMs,
        bodyTimeout: this.timeouts.bodyMs,
        ...(signal ? { signal } : {}),
      });
      status = res.statusCode;
      headers = flattenHeaders(res.headers);
      text = await res.body.text();
    } catch (e) {
      const err = errorFromFailure(e, op, this.host);
      this.log.warn(`${shown} failed: ${this.redact(err.userMessage)}`);
      throw err;
    }
    this.log.debug(`${shown} -> ${status} (${this.now() - started} ms)`);
    if (status < 200 || status >= 300) {
      const err = errorFromResponse(status, headers, this.redact(text), op, this.now());
      this.log.warn(`${shown} -> ${status}: ${err.userMessage}`);
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new SentryError('server', `Sentry answered with something that is not JSON while trying to ${op.action}; is the Sentry URL right?`, { status, cause: e });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'unknown';
      this.log.warn(`${shown}: unexpected answer shape at ${where}`);
      throw new SentryError('server', `Sentry's answer to ${op.action} has an unexpected shape (${where}).`, { status, cause: parsed.error });
    }
    return { data: parsed.data, headers };
  }

  private redact(s: string): string {
    return this.token.length >= 4 ? s.split(this.token).join('[token]') : s;
  }
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
