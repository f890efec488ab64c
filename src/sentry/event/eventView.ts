/**
 * One normalised, read-only view over a Sentry event in any of the shapes that
 * reach us: the modern SDK protocol (`exception.values[]`), the legacy raven
 * aliases (`sentry.interfaces.Exception`, `exception` as a bare list), events
 * whose stack trace hangs off `threads` or the top level, and frames written in
 * the REST API's camelCase (`absPath`, `lineNo`, `colNo`, `inApp`, `context`).
 * Nothing here mutates the event; everything tolerates missing or odd fields.
 */

export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';
export const LEVELS: readonly Level[] = ['fatal', 'error', 'warning', 'info', 'debug'];

export interface FrameView {
  filename?: string;
  absPath?: string;
  module?: string;
  package?: string;
  function?: string;
  lineno?: number;
  colno?: number;
  contextLine?: string;
  preContext?: string[];
  postContext?: string[];
  inApp?: boolean;
  platform?: string;
  vars?: Record<string, unknown>;
}

export interface ExceptionView {
  type?: string;
  value?: string;
  module?: string;
  mechanism?: { type?: string; handled?: boolean };
  /** Frames as Sentry orders them: outermost (oldest call) first, innermost last. */
  frames: FrameView[];
}

export interface EventView {
  eventId: string;
  /** `error` for events with an exception or message, else the event's `type` (e.g. `transaction`). */
  type: string;
  level: Level;
  title: string;
  culprit: string;
  message?: string;
  platform?: string;
  environment?: string;
  release?: string;
  /** Milliseconds since the epoch, when the event says. */
  timestamp?: number;
  /** Exceptions in the event's order: the last one is the one that was raised (chained causes come before it). */
  exceptions: ExceptionView[];
  /** Frames of a stack trace attached to a message event (top-level `stacktrace` or the crashed thread). */
  messageFrames: FrameView[];
  tags: Array<[string, string]>;
  fingerprint?: string[];
  transaction?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
const strList = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : x == null ? '' : String(x))) : undefined);

/** The fields of an event that need no walk of its body, read exactly as `viewEvent` reads them. */
export interface EventFields {
  level: Level;
  platform?: string | undefined;
  environment?: string | undefined;
  release?: string | undefined;
  timestamp?: number | undefined;
}

/**
 * The cheap fields of an event (see EventFields). REST API events carry level
 * and environment only as tags: `tags` (tagsOf) is read for those, and only
 * looked up when the field itself is missing.
 */
export function eventFields(e: Obj, tags?: Array<[string, string]>): EventFields {
  const tag = (k: string) => (tags ?? (tags = tagsOf(e))).find(([key]) => key === k)?.[1];
  return {
    level: normalizeLevel(e.level ?? tag('level')),
    platform: str(e.platform) || undefined,
    environment: str(e.environment) ?? tag('environment'),
    release: isObj(e.release) ? str(e.release.version) : str(e.release),
    timestamp: timestampOf(e.timestamp ?? e.dateCreated ?? e.received),
  };
}

/** Reads a field under its modern name or its legacy `sentry.interfaces.*` alias. */
function field(event: Obj, name: string, legacy: string): unknown {
  return event[name] ?? event[`sentry.interfaces.${legacy}`];
}

export function normalizeLevel(v: unknown): Level {
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  if (s === 'warn') return 'warning';
  if (s === 'critical') return 'fatal';
  if (s === 'log') return 'info';
  return (LEVELS as readonly string[]).includes(s) ? (s as Level) : 'error';
}

export function normalizeFrame(f: unknown): FrameView {
  if (!isObj(f)) return {};
  const out: FrameView = {};
  const set = <K extends keyof FrameView>(k: K, v: FrameView[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('filename', str(f.filename));
  set('absPath', str(f.abs_path ?? f.absPath));
  set('module', str(f.module));
  set('package', str(f.package));
  set('function', str(f.function ?? f.rawFunction));
  set('lineno', num(f.lineno ?? f.lineNo));
  set('colno', num(f.colno ?? f.colNo));
  set('platform', str(f.platform));
  const inApp = f.in_app ?? f.inApp;
  if (typeof inApp === 'boolean') out.inApp = inApp;
  if (isObj(f.vars)) out.vars = f.vars;
  const contextLine = str(f.context_line);
  if (contextLine !== undefined) {
    set('contextLine', contextLine);
    set('preContext', strList(f.pre_context));
    set('postContext', strList(f.post_context));
  } else if (Array.isArray(f.context) && out.lineno !== undefined) {
    // REST API shape: context: [[lineNo, text], ...]
    const pre: string[] = [];
    const post: string[] = [];
    for (const entry of f.context) {
      if (!Array.isArray(entry) || entry.length < 2) continue;
      const n = num(entry[0]);
      const text = str(entry[1]) ?? '';
      if (n === undefined) continue;
      if (n < out.lineno) pre.push(text);
      else if (n === out.lineno) out.contextLine = text;
      else post.push(text);
    }
    if (pre.length) out.preContext = pre;
    if (post.length) out.postContext = post;
  }
  return out;
}

function framesOf(stacktrace: unknown): FrameView[] {
  if (!isObj(stacktrace) || !Array.isArray(stacktrace.frames)) return [];
  return stacktrace.frames.map(normalizeFrame);
}

function exceptionValues(event: Obj): unknown[] {
  const raw = field(event, 'exception', 'Exception');
  if (Array.isArray(raw)) return raw;
  if (isObj(raw)) {
    if (Array.isArray(raw.values)) return raw.values;
    if (raw.type !== undefined || raw.value !== undefined) return [raw];
  }
  // REST API shape: entries: [{ type: 'exception', data: { values } }]
  if (Array.isArray(event.entries)) {
    for (const entry of event.entries) {
      if (isObj(entry) && entry.type === 'exception' && isObj(entry.data) && Array.isArray(entry.data.values)) {
        return entry.data.values;
      }
    }
  }
  return [];
}

export function exceptionsOf(event: unknown): ExceptionView[] {
  if (!isObj(event)) return [];
  const legacyStack = field(event, 'stacktrace', 'Stacktrace');
  const values = exceptionValues(event);
  return values.filter(isObj).map((e, i) => {
    let frames = framesOf(e.stacktrace ?? e.raw_stacktrace);
    // Legacy events put the single exception's stack trace at the top level.
    if (frames.length === 0 && values.length === 1 && i === 0) frames = framesOf(legacyStack);
    const mech = isObj(e.mechanism) ? e.mechanism : undefined;
    const out: ExceptionView = { frames };
    const type = str(e.type);
    const value = str(e.value);
    const module = str(e.module);
    if (type !== undefined) out.type = type;
    if (value !== undefined) out.value = value;
    if (module !== undefined) out.module = module;
    if (mech) {
      out.mechanism = {};
      const mt = str(mech.type);
      if (mt !== undefined) out.mechanism.type = mt;
      if (typeof mech.handled === 'boolean') out.mechanism.handled = mech.handled;
    }
    return out;
  });
}

function messageOf(event: Obj): string | undefined {
  const m = event.logentry ?? field(event, 'message', 'Message');
  if (typeof m === 'string') return m;
  if (isObj(m)) return str(m.formatted) ?? str(m.message);
  if (Array.isArray(event.entries)) {
    for (const entry of event.entries) {
      if (isObj(entry) && entry.type === 'message' && isObj(entry.data)) return str(entry.data.formatted) ?? str(entry.data.message);
    }
  }
  return undefined;
}

function messageFramesOf(event: Obj): FrameView[] {
  const top = framesOf(field(event, 'stacktrace', 'Stacktrace'));
  if (top.length) return top;
  const threads = event.threads;
  const list = Array.isArray(threads) ? threads : isObj(threads) && Array.isArray(threads.values) ? threads.values : [];
  const withStack = list.filter((t): t is Obj => isObj(t) && isObj(t.stacktrace));
  const chosen = withStack.find((t) => t.crashed === true) ?? withStack.find((t) => t.current === true) ?? withStack[0];
  return chosen ? framesOf(chosen.stacktrace) : [];
}

export function tagsOf(event: unknown): Array<[string, string]> {
  if (!isObj(event)) return [];
  const t = event.tags;
  const out: Array<[string, string]> = [];
  if (Array.isArray(t)) {
    for (const item of t) {
      if (Array.isArray(item) && item.length >= 2) out.push([String(item[0]), String(item[1])]);
      else if (isObj(item) && item.key !== undefined) out.push([String(item.key), String(item.value ?? '')]);
    }
  } else if (isObj(t)) {
    for (const [k, v] of Object.entries(t)) out.push([k, v == null ? '' : String(v)]);
  }
  return out;
}

/** Milliseconds since the epoch from a Sentry timestamp: seconds or ms as a number, a numeric string, or ISO 8601 (UTC when no zone). */
export function timestampOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v > 1e11 ? v : v * 1000;
  if (typeof v === 'string') {
    if (/^\d+(\.\d+)?$/.test(v)) return timestampOf(Number(v));
    const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/** The innermost in-app frame of the primary exception (or the message's stack), else the innermost frame. */
export function topFrame(view: Pick<EventView, 'exceptions' | 'messageFrames'>): FrameView | undefined {
  const primary = view.exceptions[view.exceptions.length - 1];
  const frames = primary && primary.frames.length ? primary.frames : view.messageFrames;
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.inApp) return frames[i];
  return frames[frames.length - 1];
}

export function frameLocation(f: FrameView): string {
  const file = f.filename ?? f.absPath ?? f.module ?? '?';
  return `${file}${f.lineno !== undefined ? `:${f.lineno}` : ''}${f.colno !== undefined ? `:${f.colno}` : ''}`;
}

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function viewEvent(event: unknown): EventView {
  const e: Obj = isObj(event) ? event : {};
  const exceptions = exceptionsOf(e);
  const message = messageOf(e);
  const messageFrames = exceptions.length ? [] : messageFramesOf(e);
  const rawType = str(e.type);
  const type = rawType && rawType !== 'default' && rawType !== 'error' ? rawType : 'error';
  const transaction = str(e.transaction);
  const primary = exceptions[exceptions.length - 1];
  let title: string;
  if (type === 'transaction') title = transaction ?? '<unnamed transaction>';
  else if (primary) title = primary.type ? (primary.value ? `${primary.type}: ${primary.value}` : primary.type) : (primary.value ?? message ?? '<unknown error>');
  else title = message || str(e.title) || '<no message>';
  title = truncate(title.split('\n')[0]!, 200);
  const tags = tagsOf(e);
  const f = eventFields(e, tags);
  const view: EventView = {
    eventId: (str(e.event_id) ?? str(e.eventID) ?? str(e.id) ?? '').replace(/-/g, '').toLowerCase(),
    type,
    level: f.level,
    title,
    culprit: '',
    exceptions,
    messageFrames,
    tags,
  };
  if (message !== undefined) view.message = message;
  if (f.platform) view.platform = f.platform;
  if (f.environment) view.environment = f.environment;
  if (f.release) view.release = f.release;
  if (f.timestamp !== undefined) view.timestamp = f.timestamp;
  const fp = strList(e.fingerprint);
  if (fp && fp.length) view.fingerprint = fp;
  if (transaction) view.transaction = transaction;
  const top = topFrame(view);
  view.culprit =
    str(e.culprit) ||
    transaction ||
    (top ? `${top.module ?? top.filename ?? top.absPath ?? '?'}${top.function ? ` in ${top.function}` : ''}` : '');
  return view;
}
