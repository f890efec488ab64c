import type { StoredEvent } from '../../capture/kinds/events/storedEvent';
import { traceIdOf } from '../../sentry/records/spanRecord';
import { type EventView, type FrameView, frameLocation, topFrame, viewEvent } from '../../sentry/event/eventView';
import type { FrameSite, FrameSites } from '../data/frameSites';
import { clip, code, fence, isoTime, langOf } from './markdown';

/** A frame's place: the resolved local `path:line:column` first, else where the event says it was. */
export function whereLine(f: FrameView, site: FrameSite | undefined): string {
  const fn = f.function ? `${code(f.function)} at ` : '';
  if (site?.local) return `${fn}${code(site.local)}${f.filename && !site.local.includes(f.filename) ? ` (event: ${code(frameLocation(f))})` : ''}`;
  return `${fn}${code(frameLocation(f))} (no workspace file found)`;
}

/** The code of a site as a fenced block, said where it comes from when not from the workspace. */
export function codeBlock(site: FrameSite | undefined, platform: string | undefined): string | undefined {
  if (!site?.code) return undefined;
  return `${fence(site.code, langOf(platform))}${site.codeFromWorkspace ? '' : '\n(code as the SDK sent it; the workspace file was not found)'}`;
}

/** When it happened: the event's own timestamp, else the arrival. */
export function whenOf(e: StoredEvent, v: EventView): string {
  return isoTime(v.timestamp ?? e.receivedAt);
}

/**
 * One error in a list: its title, the first in-app frame resolved to the
 * workspace with the code at that line, and the id to ask get_event for.
 */
export async function errorSummary(n: number, e: StoredEvent, sites: FrameSites, signal?: AbortSignal): Promise<string> {
  const v = viewEvent(e.event);
  const top = topFrame(v);
  const out = [`### ${n}. ${clip(v.title, 200)}`];
  if (top) {
    const [site] = await sites.locate([top], top.platform ?? v.platform, signal);
    out.push(whereLine(top, site));
    const block = codeBlock(site, top.platform ?? v.platform);
    if (block) out.push(block);
    if (site?.note) out.push(`Note: ${clip(site.note, 200)}`);
  } else out.push('(no stack trace)');
  const facts = [`event ${code(e.id)}`, whenOf(e, v), v.level, v.platform, v.environment && `env ${v.environment}`, v.release && `release ${v.release}`, e.projectId && `project ${e.projectId}`];
  const trace = traceIdOf(e.event);
  if (trace) facts.push(`trace ${code(trace.slice(0, 8))}`);
  out.push(facts.filter(Boolean).join(' · '));
  return out.join('\n');
}

/** True for an error or message event (not a transaction, a feedback, ...). */
export function isError(e: StoredEvent): boolean {
  return viewEvent(e.event).type === 'error';
}

