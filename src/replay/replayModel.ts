import { type ExceptionView, type FrameView, normalizeFrame, tagsOf, timestampOf, viewEvent } from '../sentry/event/eventView';

/**
 * What a debugger would show of a Sentry event, read once from the event:
 * threads with their call stacks (innermost frame first), each frame's local
 * variables as the SDK sent them, the exception of each thread, the event's
 * tags, contexts and user, and its breadcrumbs. Threads are the event's own
 * `threads` when it has stack traces there, else one per exception of the
 * chain (the raised one first and crashed). Pure: no editor, no disk.
 */

export interface ReplayFrame {
  /** Unique in the model, stable for the session. */
  id: number;
  name: string;
  frame: FrameView;
}

export interface ReplayException {
  type: string;
  value: string;
  mechanism?: string;
  handled?: boolean;
  /** Position in the chain: "raised" for the exception thrown last, "cause N" for earlier ones. */
  role: string;
}

export interface ReplayThread {
  id: number;
  name: string;
  crashed: boolean;
  /** Innermost (where it failed) first. */
  frames: ReplayFrame[];
  exception?: ReplayException;
}

export interface Breadcrumb {
  timestamp?: number;
  category?: string;
  level?: string;
  message: string;
}

export interface ReplayModel {
  eventId: string;
  title: string;
  platform?: string;
  threads: ReplayThread[];
  /** The thread that is shown stopped first. */
  crashedThreadId: number;
  /** Scope entries for the event itself: tags, contexts, user, extra, request, as plain values. */
  eventScope: Array<[string, unknown]>;
  breadcrumbs: Breadcrumb[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** The name shown for a frame in the call stack: function, else module or file. */
export function frameName(f: FrameView): string {
  const where = f.module ?? f.filename ?? f.absPath ?? '?';
  return f.function ? f.function : `<${where}>`;
}

function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObj(v) && Array.isArray(v.values)) return v.values;
  return [];
}

function exceptionOf(e: ExceptionView, role: string): ReplayException {
  const out: ReplayException = { type: e.type ?? 'Error', value: e.value ?? '', role };
  if (e.mechanism?.type !== undefined) out.mechanism = e.mechanism.type;
  if (e.mechanism?.handled !== undefined) out.handled = e.mechanism.handled;
  return out;
}

/** Sentry lists frames outermost first; a debugger shows the innermost first. */
function innermostFirst(frames: FrameView[], next: () => number): ReplayFrame[] {
  return [...frames].reverse().map((frame) => ({ id: next(), name: frameName(frame), frame }));
}

function threadsFromEvent(event: Obj, exceptions: ExceptionView[], next: () => number): ReplayThread[] {
  const raw = listOf(event.threads).filter(isObj);
  const withStacks = raw.filter((t) => isObj(t.stacktrace) && Array.isArray((t.stacktrace as Obj).frames));
  if (!withStacks.length) return [];
  const raised = exceptions[exceptions.length - 1];
  const rawExceptions = listOf(event.exception).filter(isObj);
  const raisedThreadId = str(rawExceptions[rawExceptions.length - 1]?.thread_id);
  return withStacks.map((t, i) => {
    const frames = ((t.stacktrace as Obj).frames as unknown[]).map(normalizeFrame);
    const id = i + 1;
    const crashed = t.crashed === true || (raisedThreadId !== undefined && str(t.id) === raisedThreadId);
    const thread: ReplayThread = { id, name: str(t.name) ?? `Thread ${str(t.id) ?? id}`, crashed, frames: innermostFirst(frames, next) };
    if (crashed && raised) {
      thread.exception = exceptionOf(raised, 'raised');
      // The exception's own stack is the better one when the thread's is empty of it.
      if (raised.frames.length) thread.frames = innermostFirst(raised.frames, next);
    }
    return thread;
  });
}

function threadsFromExceptions(exceptions: ExceptionView[], next: () => number): ReplayThread[] {
  // The raised exception is the last one; show it first, then its causes from the nearest.
  const ordered = [...exceptions].reverse();
  return ordered.map((e, i) => {
    const role = i === 0 ? 'raised' : `cause ${i}`;
    const exception = exceptionOf(e, role);
    return {
      id: i + 1,
      name: `${exception.type} (${role})`,
      crashed: i === 0,
      frames: innermostFirst(e.frames, next),
      exception,
    };
  });
}

function breadcrumbsOf(event: Obj): Breadcrumb[] {
  return listOf(event.breadcrumbs)
    .filter(isObj)
    .map((b) => {
      const data = isObj(b.data) ? JSON.stringify(b.data) : undefined;
      const out: Breadcrumb = { message: str(b.message) ?? data ?? '' };
      const ts = timestampOf(b.timestamp);
      if (ts !== undefined) out.timestamp = ts;
      const category = str(b.category) ?? str(b.type);
      if (category !== undefined) out.category = category;
      const level = str(b.level);
      if (level !== undefined) out.level = level;
      return out;
    });
}

function eventScopeOf(event: Obj): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const tags = tagsOf(event);
  if (tags.length) out.push(['tags', Object.fromEntries(tags)]);
  for (const key of ['contexts', 'user', 'extra', 'request'] as const) {
    const v = event[key];
    if (isObj(v) && Object.keys(v).length) out.push([key, v]);
  }
  for (const key of ['release', 'environment', 'server_name', 'transaction'] as const) {
    const v = str(isObj(event[key]) ? (event[key] as Obj).version : event[key]);
    if (v) out.push([key, v]);
  }
  return out;
}

/** Builds the replay of an event (already scrubbed, in any shape viewEvent reads). */
export function buildReplay(event: unknown): ReplayModel {
  const e: Obj = isObj(event) ? event : {};
  const view = viewEvent(e);
  let counter = 0;
  const next = () => ++counter;
  let threads = threadsFromEvent(e, view.exceptions, next);
  if (!threads.length) threads = threadsFromExceptions(view.exceptions, next);
  if (!threads.length && view.messageFrames.length) {
    threads = [{ id: 1, name: 'Main', crashed: true, frames: innermostFirst(view.messageFrames, next) }];
  }
  if (!threads.length) threads = [{ id: 1, name: 'Main', crashed: true, frames: [] }];
  const crashed = threads.find((t) => t.crashed) ?? threads[0]!;
  const model: ReplayModel = {
    eventId: view.eventId,
    title: view.title,
    threads,
    crashedThreadId: crashed.id,
    eventScope: eventScopeOf(e),
    breadcrumbs: breadcrumbsOf(e),
  };
  if (view.platform) model.platform = view.platform;
  return model;
}
