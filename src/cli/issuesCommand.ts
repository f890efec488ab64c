import type { ApiIssue } from '../api/apiIssue';
import { SentryApiClient } from '../api/sentryApiClient';
import { SentryRateLimitError } from '../sentry/errors';
import { parseSearch } from '../sentry/search/parser';
import { commandPrelude } from './commandPrelude';
import type { CliIo, ExitCode } from './io';
import { REST_FLAGS, readRestConfig } from './restConfig';

const FLAGS = {
  ...REST_FLAGS,
  project: { ...REST_FLAGS.project, short: 'p' },
  query: { kind: 'string', short: 'q', valueName: 'Q', help: 'Sentry search query (default "is:unresolved")' },
  limit: { kind: 'string', short: 'n', valueName: 'N', help: 'show at most N issues, 1-1000 (default 100)' },
  json: { kind: 'boolean', help: 'print the issues as JSON' },
} as const;

const HELP = `usage: sentry-lens issues --org ORG [options]

List an organization's issues through Sentry's REST API.

The auth token is read from the SENTRY_AUTH_TOKEN environment variable only
(never from a flag, so it stays out of shell history and process lists). It
needs the event:read scope (org:read to list organizations and projects).

options:
`;

export async function issuesCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const cmd = commandPrelude(argv, io, { name: 'issues', flags: FLAGS, usage: HELP, onBadArgs: 'help' });
  if ('exit' in cmd) return cmd.exit;
  const { flags, positionals, failure, failed } = cmd;
  const bad = (reason: string): ExitCode => failure(reason, 2);
  if (positionals.length) return bad(`unexpected argument "${positionals[0]}" (use --project to pick projects)`);
  const rest = readRestConfig(flags, io.env);
  if (!rest.ok) return bad(rest.reason);
  const { baseUrl, token, org, projects } = rest.value;
  // Sentry evaluates the query; a malformed one is caught here, with its position, rather than sent.
  if (flags.query !== undefined) {
    const q = parseSearch(flags.query);
    if (!q.ok) return bad(`--query: ${q.reason}`);
  }
  let limit = 100;
  if (flags.limit !== undefined) {
    if (!/^\d+$/.test(flags.limit) || Number(flags.limit) < 1 || Number(flags.limit) > 1000) return bad(`--limit must be a whole number from 1 to 1000 (got "${flags.limit}")`);
    limit = Number(flags.limit);
  }
  const perPage = Math.min(limit, 100);
  const client = new SentryApiClient({ baseUrl, token });
  try {
    const result = await client.listIssues({
      org,
      projects,
      ...(flags.query !== undefined ? { query: flags.query } : {}),
      perPage,
      maxPages: Math.ceil(limit / perPage),
      ...(io.signal ? { signal: io.signal } : {}),
    });
    const issues = result.issues.slice(0, limit);
    const more = result.truncated || result.issues.length > limit;
    if (flags.json) io.stdout(`${JSON.stringify(issues, null, 2)}\n`);
    else io.stdout(formatTable(issues));
    if (more) io.stderr(`(showing the first ${issues.length} issues; raise --limit to see more)\n`);
    return 0;
  } catch (e) {
    // Short limits were already waited out; a long one ends the command, which does not try again by itself.
    if (e instanceof SentryRateLimitError) return failure(`Sentry's API rate limit was reached; run the command again in ${Math.max(1, Math.ceil(e.retryAfterMs / 1000))} s.`);
    return failed(e);
  } finally {
    await client.close();
  }
}

function lastSeen(iso: string | undefined): string {
  if (!iso) return '-';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}

/** A plain-text table: short id, level, count, last seen (UTC), title. */
export function formatTable(issues: readonly ApiIssue[]): string {
  if (!issues.length) return 'No issues match.\n';
  const rows = [['SHORT ID', 'LEVEL', 'COUNT', 'LAST SEEN (UTC)', 'TITLE'], ...issues.map((i) => [i.shortId, i.level, String(i.count), lastSeen(i.lastSeen), i.title.replace(/\s+/g, ' ')])];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 2 ? cell.padStart(widths[c]!) : c < 4 ? cell.padEnd(widths[c]!) : cell)).join('  ')).join('\n') + '\n';
}
