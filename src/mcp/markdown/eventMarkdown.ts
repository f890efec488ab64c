import type { StoredEvent } from '../../capture/kinds/events/storedEvent';
import { type ExceptionView, type FrameView, viewEvent } from '../../sentry/event/eventView';
import { codeBlock, whenOf, whereLine } from './errorSummary';
import { entryData } from '../../sentry/event/eventEntries';
import { traceIdOf } from '../../sentry/records/spanRecord';
import type { FrameSite, FrameSites } from '../data/frameSites';
import { brief, clip, code, isoTime } from './markdown';

/** Bounds of one get_event answer (each says so when it cuts). */
const MAX_FRAMES = 25;
const MAX_VARS = 12;
const MAX_BREADCRUMBS = 15;
const MAX_CONTEXT_KEYS = 12;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface EventExtras {
  /** Other errors of the same trace (newest first), when known. */
  sameTrace?: StoredEvent[];
  /** get_traces is offered: point to it for the trace. */
  traceTool?: boolean;
  /** The lines of the Next section, in place of the calls over captured data (an event from the REST API). */
  next?: string[];
}

/**
 * The whole event for a model, as get_event and "Copy for AI" give it: the
 * raised exception's first in-app frame with its code first, then the
 * exception chain with frames innermost first (resolved `path:line:column`,
 * the code, variables), breadcrumbs, tags, contexts, its trace; every list
 * bounded, and the bounds said.
 */
export async function eventMarkdown(e: StoredEvent, sites: FrameSites, extras: EventExtras = {}, signal?: AbortSignal): Promise<string> {
  const v = viewEvent(e.event);
  const out: string[] = [`# ${clip(v.title, 300)}`];
  const facts = [`event ${code(e.id)}`, whenOf(e, v), v.level, v.platform, v.environment && `env ${v.environment}`, v.release && `release ${v.release}`, v.transaction && `transaction ${code(v.transaction)}`, e.projectId && `project ${e.projectId}`];
  out.push(facts.filter(Boolean).join(' · '));
  if (v.message && !v.title.includes(v.message)) out.push(`Message: ${clip(v.message, 500)}`);

  // The stacks: the raised exception last in the event, shown first; frames innermost first.
  const stacks: Array<{ label: string; ex?: ExceptionView; frames: FrameView[] }> = [];
  for (let i = v.exceptions.length - 1; i >= 0; i--) {
    const ex = v.exceptions[i]!;
    const raised = i === v.exceptions.length - 1;
    const title = [ex.type, ex.value].filter(Boolean).join(': ') || '(exception)';
    stacks.push({ label: `${raised ? 'Raised' : `Cause ${v.exceptions.length - 1 - i}`}: ${clip(title, 300)}`, ex, frames: [...ex.frames].reverse() });
  }
  if (!stacks.length && v.messageFrames.length) stacks.push({ label: 'Stack trace of the message', frames: [...v.messageFrames].reverse() });

  const shown = stacks.map((s) => s.frames.slice(0, MAX_FRAMES));
  const flat = shown.flat();
  const located = await sites.locate(flat, v.platform, signal);
  const siteOf = new Map<FrameView, FrameSite>();
  flat.forEach((f, i) => siteOf.set(f, located[i]!));

  const first = firstInApp(shown);
  if (first) {
    const site = siteOf.get(first);
    out.push('', `**Where:** ${whereLine(first, site)}`);
    const block = codeBlock(site, first.platform ?? v.platform);
    if (block) out.push(block);
    if (site?.note) out.push(`Note: ${clip(site.note, 300)}`);
  }

  stacks.forEach((s, si) => {
    out.push('', `## ${s.label}`);
    const mech = s.ex?.mechanism;
    if (mech?.type || mech?.handled !== undefined) out.push(`mechanism: ${mech.type ?? '?'}${mech.handled === false ? ' (unhandled)' : mech.handled ? ' (handled)' : ''}`);
    if (!s.frames.length) out.push('(no stack frames)');
    shown[si]!.forEach((f, i) => out.push(frameLines(i, f, siteOf.get(f))));
    if (s.frames.length > MAX_FRAMES) out.push(`… ${s.frames.length - MAX_FRAMES} outer frames not shown.`);
  });

  const crumbs = breadcrumbsOf(e.event);
  if (crumbs.length) {
    out.push('', `## Breadcrumbs (${crumbs.length > MAX_BREADCRUMBS ? `last ${MAX_BREADCRUMBS} of ${crumbs.length}` : crumbs.length}, oldest first)`);
    for (const b of crumbs.slice(-MAX_BREADCRUMBS)) out.push(`- ${b}`);
  }
  if (v.tags.length) out.push('', '## Tags', v.tags.map(([k, val]) => `${code(k)}=${code(clip(val, 80))}`).join(', '));
  const contexts = contextLines(e.event);
  if (contexts.length) out.push('', '## Contexts', ...contexts);
  const request = requestLine(e.event);
  if (request) out.push('', '## Request', request);

  out.push('', '## Next');
  if (extras.next) return [...out, ...extras.next].join('\n');
  const trace = traceIdOf(e.event);
  if (trace) {
    const others = (extras.sameTrace ?? []).filter((o) => o.id !== e.id);
    if (extras.traceTool) out.push(`- Trace ${code(trace)}: get_traces(${JSON.stringify({ traceId: trace.slice(0, 8) })}) for its spans, errors and logs.`);
    else out.push(`- Trace ${code(trace)}: search_events(${JSON.stringify({ query: `trace:${trace}` })}) for its other events.`);
    if (others.length) out.push(`- Other errors in this trace: ${others.slice(0, 5).map((o) => `${code(o.id.slice(0, 8))} ${clip(viewEvent(o.event).title, 80)}`).join('; ')}`);
  }
  out.push(`- Similar errors: search_events(${JSON.stringify({ query: `error.type:${v.exceptions.at(-1)?.type ?? 'Error'}` })})`);
  return out.join('\n');
}

function firstInApp(stacks: FrameView[][]): FrameView | undefined {
  const raised = stacks[0] ?? [];
  return raised.find((f) => f.inApp) ?? raised[0];
}

function frameLines(i: number, f: FrameView, site: FrameSite | undefined): string {
  const lines = [`${i + 1}. ${whereLine(f, site)}${f.inApp === false ? ' (library)' : ''}`];
  if (site?.code) lines.push(`   ${code(site.code.trim())}${site.codeFromWorkspace ? '' : ' (as sent)'}`);
  if (site?.note) lines.push(`   note: ${clip(site.note, 200)}`);
  const vars = f.vars ? Object.entries(f.vars) : [];
  if (vars.length) {
    const shown = vars.slice(0, MAX_VARS).map(([k, val]) => `${k}=${brief(val, 120)}`);
    lines.push(`   vars: ${shown.join(', ')}${vars.length > MAX_VARS ? `, … ${vars.length - MAX_VARS} more` : ''}`);
  }
  return lines.join('\n');
}

function breadcrumbsOf(event: Obj): string[] {
  const crumbs = entryData(event, 'breadcrumbs');
  const raw = isObj(crumbs) ? crumbs.values : crumbs;
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObj).map((b) => {
    const ts = typeof b.timestamp === 'number' ? isoTime(b.timestamp * 1000) : typeof b.timestamp === 'string' ? b.timestamp : '';
    const head = [ts, typeof b.level === 'string' ? b.level : '', typeof b.category === 'string' ? `[${b.category}]` : ''].filter(Boolean).join(' ');
    const msg = typeof b.message === 'string' ? clip(b.message, 200) : isObj(b.data) ? brief(b.data, 200) : '';
    return `${head} ${msg}`.trim();
  });
}

function contextLines(event: Obj): string[] {
  if (!isObj(event.contexts)) return [];
  const out: string[] = [];
  for (const [name, ctx] of Object.entries(event.contexts).slice(0, MAX_CONTEXT_KEYS)) {
    if (!isObj(ctx)) continue;
    const fields = Object.entries(ctx)
      .filter(([k, val]) => k !== 'type' && (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean'))
      .slice(0, 8)
      .map(([k, val]) => `${k}=${clip(String(val), 80)}`);
    if (fields.length) out.push(`- ${name}: ${fields.join(', ')}`);
  }
  return out;
}

function requestLine(event: Obj): string | undefined {
  const r = entryData(event, 'request');
  if (!isObj(r)) return undefined;
  const method = typeof r.method === 'string' ? r.method : '';
  const url = typeof r.url === 'string' ? r.url : '';
  return method || url ? `${method} ${clip(url, 300)}`.trim() : undefined;
}
