import { z } from 'zod';
import type { StoredEvent } from '../../capture/kinds/events/storedEvent';
import { type Result, fail, ok } from '../../util/result';
import { MAX_READ } from '../data/capturedData';
import { errorSummary, isError } from '../markdown/errorSummary';
import { traceIdOf } from '../../sentry/records/spanRecord';
import { eventMarkdown } from '../markdown/eventMarkdown';
import { DEFAULT_LIMIT, MAX_LIMIT, type Filters, eventHasFile, filtersArg, nextPage, page, pageLine, withinWindow } from './filters';
import { code } from '../markdown/markdown';
import { type McpTool, readTool } from '../protocol/tool';
import type { ToolContext } from './toolContext';

const EVENT_ID = z
  .string()
  .trim()
  .transform((s) => s.replace(/-/g, '').toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{8,32}$/, 'an event id is 8 to 32 hexadecimal digits (a prefix of 8 or more is enough)'));

/** search_errors, get_event, search_events. */
export function errorTools(ctx: ToolContext): McpTool[] {
  return [
    readTool({
      name: 'search_errors',
      title: 'Search captured errors',
      description:
        'Errors and exceptions the app sent to the local Sentry listener, newest first. Each shows the first in-app frame resolved to the workspace (path:line:column) with the code at that line. Filters: timeWindow (seconds back), filename (end of a path in the stack traces), limit/offset (paging). Then call get_event with an event id for the whole event.',
      args: filtersArg,
      async run(args, signal) {
        const f = args.filters;
        const r = await listErrors(ctx, f, undefined, signal);
        if (!r.ok) return r;
        return ok(await listAnswer(ctx, r.value, f, 'search_errors', 'errors', signal));
      },
    }),
    readTool({
      name: 'search_events',
      title: 'Search captured events with a query',
      description:
        "Captured events matching a query in Sentry's search syntax, e.g. `error.type:TypeError`, `level:error release:1.2.0`, `message:\"timeout\" timestamp:-1h`, `stack.filename:*checkout*`, `!environment:test`. Newest first, each with its first in-app frame resolved to the workspace. Then call get_event with an event id.",
      args: {
        query: z.string().max(2000).describe("Sentry search syntax, e.g. 'error.type:ValueError environment:dev'. Empty: every event."),
        limit: z.number().int().positive().optional().describe(`Most results (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}).`),
        offset: z.number().int().min(0).max(100_000).optional().describe('Results to skip, for paging.'),
      },
      async run(args, signal) {
        const r = await ctx.data.events({ query: args.query, limit: MAX_READ }, signal);
        if (!r.ok) return fail(`${r.reason}. Example queries: error.type:TypeError, level:error, message:"timeout", timestamp:-1h.`);
        const f: Filters = { ...(args.limit !== undefined ? { limit: args.limit } : {}), ...(args.offset !== undefined ? { offset: args.offset } : {}) };
        const p = page(r.value, f);
        const head = [`# Events matching ${code(args.query.trim() || '(everything)')}`, pageLine(p, 'matching events')];
        if (!p.items.length) return ok(`${head.join('\n')}\n\nNothing matched. Try a wider query, or search_errors to see the newest errors.`);
        const parts = await Promise.all(p.items.map((e, i) => errorSummary(p.offset + i + 1, e, ctx.sites, signal)));
        const next = p.offset + p.items.length < p.total ? `search_events(${JSON.stringify({ query: args.query, limit: p.limit, offset: p.offset + p.items.length })})` : undefined;
        return ok([...head, '', ...parts.join('\n\n').split('\n'), '', nextSteps(p.items[0]!, next)].join('\n'));
      },
    }),
    readTool({
      name: 'get_event',
      title: 'Get one captured event in full',
      description:
        'The whole event by id (a prefix of 8 or more hex digits is enough): the exception chain with frames innermost first, each resolved to the workspace path:line:column with the code there, frame variables, breadcrumbs, tags, contexts, request, and its trace.',
      args: { eventId: EVENT_ID.describe("The event id from search_errors or search_events, e.g. '6c1f2a3b' or all 32 hex digits.") },
      async run(args, signal) {
        const found = await findEvent(ctx, args.eventId, signal);
        if (!found.ok) return found;
        const e = found.value;
        const trace = traceIdOf(e.event);
        const sameTrace = trace ? await ctx.data.events({ query: `trace:${trace}`, limit: 20 }, signal) : undefined;
        return ok(await eventMarkdown(e, ctx.sites, { traceTool: ctx.traceTools, ...(sameTrace?.ok ? { sameTrace: sameTrace.value } : {}) }, signal));
      },
    }),
  ];
}

/** The event with an id or id prefix; an unknown or ambiguous id is a failure that says what to do. */
export async function findEvent(ctx: ToolContext, id: string, signal?: AbortSignal): Promise<Result<StoredEvent>> {
  const matches = await ctx.data.byId(id, signal);
  if (matches.length === 1) return ok(matches[0]!);
  if (matches.length > 1) return fail(`The id prefix ${code(id)} matches more than one event (${matches.map((m) => code(m.id)).join(', ')}); give more digits.`);
  return fail(`No captured event has the id ${code(id)}. search_errors lists the newest errors with their ids.`);
}

async function listErrors(ctx: ToolContext, f: Filters | undefined, query: string | undefined, signal?: AbortSignal): Promise<Result<StoredEvent[]>> {
  const r = await ctx.data.events({ ...(query ? { query } : {}), limit: MAX_READ }, signal);
  if (!r.ok) return r;
  const inWindow = withinWindow(f, ctx.now());
  return ok(r.value.filter((e) => isError(e) && inWindow(e.receivedAt) && (f?.filename === undefined || eventHasFile(e, f.filename))));
}

async function listAnswer(ctx: ToolContext, matched: StoredEvent[], f: Filters | undefined, tool: string, what: string, signal?: AbortSignal): Promise<string> {
  const p = page(matched, f);
  const scope = [f?.timeWindow !== undefined && `in the last ${f.timeWindow} s`, f?.filename && `with ${code(f.filename)} in a stack trace`].filter(Boolean).join(', ');
  const head = [`# Captured ${what}${scope ? ` (${scope})` : ''}`, pageLine(p, what)];
  if (matched.length === MAX_READ) head.push(`(Only the newest ${MAX_READ} events were searched.)`);
  if (!p.items.length) {
    const hint = f?.timeWindow !== undefined || f?.filename ? 'Try without the filters, or a longer timeWindow.' : 'Make sure the app sends to the local listener (its DSN points at it) and trigger the failing code again.';
    return `${head.join('\n')}\n\nNo ${what} found. ${hint}`;
  }
  const parts = await Promise.all(p.items.map((e, i) => errorSummary(p.offset + i + 1, e, ctx.sites, signal)));
  return [...head, '', parts.join('\n\n'), '', nextSteps(p.items[0]!, nextPage(p, tool, f))].join('\n');
}

function nextSteps(first: StoredEvent, more: string | undefined): string {
  const lines = ['**Next:**', `- get_event(${JSON.stringify({ eventId: first.id.slice(0, 8) })}) for the whole newest event (exception chain, variables, breadcrumbs).`];
  if (more) lines.push(`- ${more} for more.`);
  return lines.join('\n');
}
