import { z } from 'zod';
import type { LogView, SpanView, TraceDetail } from '../../capture/kinds/traces/traceReader';
import type { TraceSummary } from '../../capture/kinds/traces/traceSummary';
import { type Result, fail, ok } from '../../util/result';
import type { CapturedTelemetry } from '../data/capturedData';
import { MAX_READ } from '../data/capturedData';
import { errorSummary } from '../markdown/errorSummary';
import { traceIdOf } from '../../sentry/records/spanRecord';
import { eventHasFile, filtersArg, nextPage, page, pageLine, withinWindow } from './filters';
import { brief, clip, code, isoTime } from '../markdown/markdown';
import { type McpTool, readTool } from '../protocol/tool';
import type { ToolContext } from './toolContext';

const MAX_SPAN_LINES = 150;
const MAX_TRACE_LOGS = 40;
const MAX_TRACE_ERRORS = 5;

const TRACE_ID = z
  .string()
  .trim()
  .transform((s) => s.replace(/-/g, '').toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{8,32}$/, 'a trace id is 8 to 32 hexadecimal digits (the first 8 are enough)'));

/** search_traces, get_traces, search_logs (Spotlight's names and arguments). */
export function traceTools(ctx: ToolContext, telemetry: CapturedTelemetry): McpTool[] {
  return [
    readTool({
      name: 'search_traces',
      title: 'Search captured traces',
      description:
        'Traces the app sent to the local listener (transactions and streamed spans), newest first: root name and op, duration, span and error counts. Filters: timeWindow (seconds back), filename (traces with an error in that file), limit/offset. Then get_traces with a trace id (8 characters are enough) for its span tree, errors and logs.',
      args: filtersArg,
      async run(args, signal) {
        const f = args.filters;
        const inWindow = withinWindow(f, ctx.now());
        let traces = (await telemetry.traces(MAX_READ, signal)).filter((t) => inWindow(t.startTimestamp * 1000));
        if (f?.filename) {
          const withFile = await traceIdsWithFile(ctx, f.filename, signal);
          traces = traces.filter((t) => withFile.has(t.traceId));
        }
        const p = page(traces, f);
        const head = ['# Captured traces', pageLine(p, 'traces')];
        if (!p.items.length) return ok(`${head.join('\n')}\n\nNo traces found. The SDK needs tracing on (tracesSampleRate / traces_sample_rate above 0) and its DSN pointing at the local listener.`);
        const lines = p.items.map(traceLine);
        const more = nextPage(p, 'search_traces', f);
        const next = [`**Next:**`, `- get_traces(${JSON.stringify({ traceId: p.items[0]!.traceId.slice(0, 8) })}) for the span tree, errors and logs of the newest.`, ...(more ? [`- ${more} for more.`] : [])];
        return ok([...head, '', ...lines, '', ...next].join('\n'));
      },
    }),
    readTool({
      name: 'get_traces',
      title: 'Get one trace in full',
      description: 'The span tree of a trace with timings, its errors (each with the first in-app frame resolved to the workspace) and its logs. traceId: the 32 hex digits, or the first 8 or more.',
      args: { traceId: TRACE_ID.describe("Trace id from search_traces or get_event, e.g. '71a8c5e4' or all 32 hex digits. Case-insensitive.") },
      async run(args, signal) {
        const id = await fullTraceId(ctx, telemetry, args.traceId, signal);
        if (!id.ok) return id;
        const d = await telemetry.trace(id.value, signal);
        if (!d) return fail(`Trace ${code(args.traceId)} not found. search_traces lists the traces kept.`);
        return ok(await traceMarkdown(ctx, d, signal));
      },
    }),
    readTool({
      name: 'search_logs',
      title: 'Search captured logs',
      description:
        'Log lines the app sent to the local listener (Sentry logs), newest first, with level, trace and attributes. Filters: timeWindow (seconds back), filename (a file attribute ending in it, e.g. code.file.path), limit/offset. For errors use search_errors.',
      args: filtersArg,
      async run(args, signal) {
        const f = args.filters;
        const inWindow = withinWindow(f, ctx.now());
        const logs = (await telemetry.logs(MAX_READ, signal)).filter((l) => inWindow(l.timestamp * 1000) && (f?.filename === undefined || logHasFile(l, f.filename)));
        const p = page(logs, f);
        const head = ['# Captured logs', pageLine(p, 'log lines')];
        if (!p.items.length) return ok(`${head.join('\n')}\n\nNo logs found. The SDK needs logs on (enableLogs / enable_logs) and its DSN pointing at the local listener.`);
        const more = nextPage(p, 'search_logs', f);
        const withTrace = p.items.find((l) => l.traceId);
        const next = [
          '**Next:**',
          ...(withTrace ? [`- get_traces(${JSON.stringify({ traceId: withTrace.traceId!.slice(0, 8) })}) for the trace of a line.`] : []),
          ...(more ? [`- ${more} for more.`] : []),
        ];
        return ok([...head, '', ...p.items.map(logLine), ...(next.length > 1 ? ['', ...next] : [])].join('\n'));
      },
    }),
  ];
}

function traceLine(t: TraceSummary): string {
  const name = [t.rootOp, t.rootName].filter(Boolean).join(' ') || '(root span not received)';
  return `- ${code(t.traceId.slice(0, 8))} ${clip(name, 120)} · ${ms(t.durationMs)} · ${t.spanCount} span${t.spanCount === 1 ? '' : 's'}${t.errorCount ? ` · **${t.errorCount} error${t.errorCount === 1 ? '' : 's'}**` : ''} · ${isoTime(t.startTimestamp * 1000)}`;
}

function logLine(l: LogView): string {
  const attrs = Object.entries(l.attributes ?? {})
    .filter(([k]) => !k.startsWith('sentry.'))
    .slice(0, 6)
    .map(([k, v]) => `${k}=${brief(v, 60)}`);
  return `- ${isoTime(l.timestamp * 1000)} ${l.level} ${clip(l.body, 300)}${l.traceId ? ` (trace ${code(l.traceId.slice(0, 8))})` : ''}${attrs.length ? ` — ${attrs.join(', ')}` : ''}`;
}

function logHasFile(l: LogView, filename: string): boolean {
  return Object.entries(l.attributes ?? {}).some(([k, v]) => /file/i.test(k) && typeof v === 'string' && v.endsWith(filename));
}

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`;
}

async function traceIdsWithFile(ctx: ToolContext, filename: string, signal?: AbortSignal): Promise<Set<string>> {
  const r = await ctx.data.events({ limit: MAX_READ }, signal);
  const ids = new Set<string>();
  if (r.ok) for (const e of r.value) if (eventHasFile(e, filename)) ids.add(traceIdOf(e.event) ?? '');
  return ids;
}

/** A trace id from its prefix: among the traces kept and the traces of captured errors. */
async function fullTraceId(ctx: ToolContext, telemetry: CapturedTelemetry, id: string, signal?: AbortSignal): Promise<Result<string>> {
  if (id.length === 32) return ok(id);
  const ids = new Set<string>();
  for (const t of await telemetry.traces(MAX_READ, signal)) if (t.traceId.startsWith(id)) ids.add(t.traceId);
  const events = await ctx.data.events({ limit: MAX_READ }, signal);
  if (events.ok) for (const e of events.value) {
    const t = traceIdOf(e.event);
    if (t?.startsWith(id)) ids.add(t);
  }
  if (ids.size === 1) return ok([...ids][0]!);
  if (ids.size > 1) return fail(`The trace id prefix ${code(id)} matches ${ids.size} traces (${[...ids].slice(0, 3).map(code).join(', ')}); give more digits.`);
  return fail(`No trace starts with ${code(id)}. search_traces lists the traces kept.`);
}

async function traceMarkdown(ctx: ToolContext, d: TraceDetail, signal?: AbortSignal): Promise<string> {
  const start = d.spans.length ? Math.min(...d.spans.map((s) => s.startTimestamp)) : undefined;
  const end = d.spans.length ? Math.max(...d.spans.map((s) => s.timestamp)) : undefined;
  const out = [`# Trace ${code(d.traceId)}`];
  out.push(
    [`${d.spans.length} span${d.spans.length === 1 ? '' : 's'}`, start !== undefined && end !== undefined && ms((end - start) * 1000), `${d.errors.length} error${d.errors.length === 1 ? '' : 's'}`, `${d.logs.length} log line${d.logs.length === 1 ? '' : 's'}`, start !== undefined && isoTime(start * 1000)]
      .filter(Boolean)
      .join(' · '),
  );
  if (d.errors.length) {
    out.push('', '## Errors');
    for (const [i, e] of d.errors.slice(0, MAX_TRACE_ERRORS).entries()) {
      const [stored] = await ctx.data.byId(e.id, signal);
      out.push(stored ? await errorSummary(i + 1, stored, ctx.sites, signal) : `### ${i + 1}. ${clip(e.title, 200)}\nevent ${code(e.id)}`);
    }
    if (d.errors.length > MAX_TRACE_ERRORS) out.push(`… ${d.errors.length - MAX_TRACE_ERRORS} more errors.`);
  }
  if (d.spans.length) {
    out.push('', `## Spans (start offset, duration)`);
    const lines = spanTree(d.spans, start!);
    out.push(...lines.slice(0, MAX_SPAN_LINES));
    if (lines.length > MAX_SPAN_LINES) out.push(`… ${lines.length - MAX_SPAN_LINES} more spans not shown.`);
  }
  if (d.logs.length) {
    out.push('', `## Logs (${d.logs.length > MAX_TRACE_LOGS ? `first ${MAX_TRACE_LOGS} of ${d.logs.length}` : d.logs.length}, oldest first)`);
    out.push(...d.logs.slice(0, MAX_TRACE_LOGS).map(logLine));
  }
  if (d.errors[0]) out.push('', '**Next:**', `- get_event(${JSON.stringify({ eventId: d.errors[0].id.slice(0, 8) })}) for the error in full.`);
  return out.join('\n');
}

/** Spans as an indented tree, children by start; spans whose parent never arrived at the top, marked. */
function spanTree(spans: SpanView[], start: number): string[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, SpanView[]>();
  for (const s of spans) {
    const parent = s.parentSpanId !== null && ids.has(s.parentSpanId) ? s.parentSpanId : null;
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  const out: string[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const s of (children.get(parent) ?? []).sort((a, b) => a.startTimestamp - b.startTimestamp)) {
      if (out.length > MAX_SPAN_LINES) return;
      const failed = s.status !== 'ok' && s.status !== '' && s.status !== 'unknown';
      out.push(`${'  '.repeat(depth)}- ${s.op ? `${code(s.op)} ` : ''}${clip(s.name, 120)} +${ms((s.startTimestamp - start) * 1000)}, ${ms(s.durationMs)}${failed ? ` (**${s.status}**)` : ''}${s.orphan ? ' (parent not received)' : ''}`);
      walk(s.spanId, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
