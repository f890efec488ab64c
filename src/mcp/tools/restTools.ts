import { z } from 'zod';
import type { ApiEvent } from '../../api/schemas';
import { SentryError, SentryRateLimitError } from '../../sentry/errors';
import { viewEvent } from '../../sentry/event/eventView';
import { parseSearch } from '../../sentry/search/parser';
import { type Result, fail, ok } from '../../util/result';
import { eventMarkdown } from '../markdown/eventMarkdown';
import { issueHeader, issueListMarkdown } from '../markdown/issueMarkdown';
import { code } from '../markdown/markdown';
import { storedFromRest } from '../data/restEvent';
import type { RestSource } from '../data/restSource';
import { type McpTool, readTool } from '../protocol/tool';
import type { ToolContext } from './toolContext';

export const MAX_ISSUES = 100;
const DEFAULT_ISSUES = 10;
const SLUG = /^[\w.-]+$/;

const ISSUE_ID = z
  .string()
  .trim()
  .pipe(z.string().max(100, 'an issue id is at most 100 characters').regex(/^(\d{1,20}|[A-Za-z0-9][\w.]*(-[A-Za-z0-9][\w.]*)*-[A-Za-z0-9]{1,12})$/, 'an issue id is its number (e.g. 4567891234) or its short id (e.g. PROJ-12)'));

/** search_issues and get_issue: the real Sentry issues of the configured organization, through its REST API. */
export function restTools(ctx: ToolContext, source: RestSource): McpTool[] {
  return [
    readTool({
      name: 'search_issues',
      title: 'Search Sentry issues',
      description:
        "Issues of the configured Sentry organization (from sentry.io or a self-hosted Sentry, not the local listener), matching a query in Sentry's issue search syntax, e.g. `is:unresolved`, `is:unresolved level:error`, `TypeError`, `release:1.2.0 is:unresolved`. Each with short id, title, culprit, level, events, users, last seen and link. Then call get_issue with a short id for its latest event with the stack trace resolved to this workspace.",
      args: {
        query: z.string().max(2000).optional().describe("Sentry issue search syntax. Default 'is:unresolved'; '' for every issue."),
        limit: z.number().int().min(1).max(MAX_ISSUES).optional().describe(`Most issues to list (default ${DEFAULT_ISSUES}, at most ${MAX_ISSUES}).`),
        statsPeriod: z
          .string()
          .regex(/^\d{1,4}[smhdw]$/, 'a period is a number followed by s, m, h, d or w, e.g. "24h" or "14d"')
          .optional()
          .describe("Only issues seen within this period, e.g. '24h', '14d' (Sentry's default: 14d)."),
        project: z.string().regex(SLUG, 'a project slug has letters, digits, "-", "_" and "." only').max(100).optional().describe('A project slug; default: the configured projects.'),
        sort: z.enum(['date', 'new', 'freq', 'user']).optional().describe("Order: 'date' (last seen, default), 'new' (first seen), 'freq' (events), 'user' (users)."),
      },
      async run(args, signal) {
        const t = await source.target();
        if (!t) return fail(notConfigured(source));
        const query = args.query ?? 'is:unresolved';
        const parsed = parseSearch(query);
        if (!parsed.ok) return fail(`The query cannot be read: ${parsed.reason}. Example queries: is:unresolved, is:unresolved level:error, TypeError.`);
        const limit = args.limit ?? DEFAULT_ISSUES;
        const projects = args.project ? [args.project] : [...t.projects];
        return apiCall(source, async () => {
          const list = await t.api.listIssues({
            org: t.org,
            projects,
            query,
            perPage: limit,
            maxPages: 1,
            ...(args.statsPeriod ? { statsPeriod: args.statsPeriod } : {}),
            ...(args.sort ? { sort: args.sort } : {}),
            ...(t.environment ? { environment: t.environment } : {}),
            ...(signal ? { signal } : {}),
          });
          const issues = list.issues.slice(0, limit);
          return issueListMarkdown({ issues, query, org: t.org, projects, limit, more: list.truncated || list.issues.length > limit, ...(args.statsPeriod ? { statsPeriod: args.statsPeriod } : {}) });
        });
      },
    }),
    readTool({
      name: 'get_issue',
      title: 'Get one Sentry issue with its latest event',
      description:
        'One issue of the configured Sentry organization by its short id (e.g. PROJ-12) or number: its figures and link, then its latest event in full: the exception chain with frames innermost first, each resolved to this workspace (path:line:column) with the code there, variables, breadcrumbs, tags, contexts.',
      args: { issueId: ISSUE_ID.describe("The short id from search_issues (e.g. 'PROJ-12') or the issue's number.") },
      async run(args, signal) {
        const t = await source.target();
        if (!t) return fail(notConfigured(source));
        const opts = { org: t.org, ...(signal ? { signal } : {}) };
        return apiCall(source, async () => {
          let issue;
          try {
            // A number is the issue's id; anything else a short id, which Sentry's shortids endpoint resolves.
            issue = /^\d+$/.test(args.issueId) ? await t.api.getIssue(args.issueId, opts) : await t.api.resolveShortId(t.org, args.issueId, opts);
          } catch (e) {
            if (e instanceof SentryError && e.kind === 'not-found') return fail(`Sentry has no issue ${code(args.issueId)} in organization ${code(t.org)} (or the token cannot see it). search_issues lists issues with their short ids.`);
            throw e;
          }
          let event: ApiEvent | undefined;
          try {
            event = await t.api.latestEvent(issue.id, opts);
          } catch (e) {
            if (!(e instanceof SentryError && e.kind === 'not-found')) throw e;
          }
          const head = issueHeader(issue);
          if (!event) return `${head}\n\nSentry keeps no event of this issue any more (events expire after the retention period).`;
          const type = viewEvent(event).exceptions.at(-1)?.type;
          const next = [
            `- Other issues: search_issues(${JSON.stringify({ query: type ? `is:unresolved ${type}` : 'is:unresolved' })}).`,
            ...(type ? [`- The same error captured on this machine: search_events(${JSON.stringify({ query: `error.type:${type}` })}).`] : []),
          ];
          const body = await eventMarkdown(storedFromRest(event, issue), ctx.sites, { next }, signal);
          return `${head}\n\n## Latest event\n\n${body}`;
        });
      },
    }),
  ];
}

function notConfigured(source: RestSource): string {
  return `The Sentry REST API is not configured, so Sentry's issues cannot be read. ${source.howToConfigure}`;
}

/** Runs a REST call; the API's typed failures become tool errors that say what to do (never with the token). */
async function apiCall(source: RestSource, run: () => Promise<string | Result<string>>): Promise<Result<string>> {
  try {
    const r = await run();
    return typeof r === 'string' ? ok(r) : r;
  } catch (e) {
    if (e instanceof SentryRateLimitError) return fail(`Sentry's API rate limit was reached; call again in ${Math.max(1, Math.ceil(e.retryAfterMs / 1000))} s.`);
    if (!(e instanceof SentryError)) throw e;
    switch (e.kind) {
      case 'auth':
        return fail(`${e.userMessage} ${source.howToConfigure}`);
      case 'network':
      case 'timeout':
      case 'tls':
        return fail(`${e.userMessage} Check that the Sentry URL is right and reachable from here.`);
      default:
        return fail(e.userMessage);
    }
  }
}
