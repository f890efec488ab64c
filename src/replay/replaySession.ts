import type { FrameView } from '../sentry/event/eventView';
import { errorDetail } from '../util/errorDetail';
import type { Logger } from '../util/logger';
import { type ReplayFrame, type ReplayModel, type ReplayThread, buildReplay } from './replayModel';
import { VariableStore, bounded } from './variables';
import { timeOfDay } from '../util/timeOfDay';

/**
 * A Debug Adapter Protocol session that replays a captured Sentry event: no
 * process runs. It answers the editor's requests from the event alone
 * (threads, call stack, scopes, variables, exception details), prints the
 * breadcrumbs to the debug console, and lets the user step through the
 * recorded calls: stepping in (or over) goes one call deeper towards the
 * failure, stepping out or back one call shallower, continue jumps to the
 * failure and reverse-continue to the entry point. Frames open through the
 * `locate` dependency (the shell's frame resolver); a frame it cannot place
 * opens as the event's context lines through a `source` reference.
 */

export interface DapMessage {
  seq: number;
  type: string;
  [key: string]: unknown;
}

export interface DapRequest extends DapMessage {
  type: 'request';
  command: string;
  arguments?: Record<string, unknown>;
}

/** Where a frame's source is: a local file path, or a document URI string with its own scheme. */
export interface SourceLocation {
  path: string;
  line: number;
  column: number;
}

export interface ReplaySessionDeps {
  /** Loads the event the launch configuration names; rejects with a message for the user. */
  loadEvent(args: Record<string, unknown>): Promise<unknown>;
  /** Scrubs the event as everything else the user sees is scrubbed (the configured scrubber). */
  scrub<T>(event: T): T;
  /** Places a frame in the workspace, or undefined when no local file matches. */
  locate(frame: FrameView, platform: string | undefined): Promise<SourceLocation | undefined>;
  send(message: DapMessage): void;
  /** Where failures that are not the user's go (the editor only hears "internal error"). */
  log?: Logger;
  /** The clock and time zone breadcrumb times are shown in (default: now, this machine's zone), as the details view shows them. */
  clock?: { now(): number; timeZone?: string };
}

class RequestError extends Error {}

export class ReplaySession {
  private seq = 1;
  private model: ReplayModel | undefined;
  private readonly vars = new VariableStore(1_000_000);
  /** Per thread: how many of its frames, counted from the outermost, are on the stack now. */
  private readonly depth = new Map<number, number>();
  private readonly sources = new Map<number, string>();
  private nextSourceRef = 1;
  private ended = false;

  constructor(private readonly deps: ReplaySessionDeps) {}

  /** Handles one message from the editor; responses and events go out through `deps.send`. */
  async handle(message: DapMessage): Promise<void> {
    if (message.type !== 'request' || typeof message.command !== 'string') return;
    const req = message as DapRequest;
    try {
      const body = await this.dispatch(req);
      this.respond(req, true, body);
    } catch (e) {
      const text = e instanceof RequestError ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
      // Logged either way: a launch that fails makes the shell say "details are in the Sentry log".
      if (e instanceof RequestError) this.deps.log?.warn(`the "${req.command}" request failed: ${e.message}`);
      else this.deps.log?.error(`the "${req.command}" request failed: ${errorDetail(e)}`);
      this.respond(req, false, { error: { id: 1, format: text, showUser: e instanceof RequestError } }, text);
    }
    if (req.command === 'launch' && this.model) this.sendEvent('initialized');
  }

  private async dispatch(req: DapRequest): Promise<unknown> {
    const a = req.arguments ?? {};
    switch (req.command) {
      case 'initialize':
        return {
          supportsConfigurationDoneRequest: true,
          supportsExceptionInfoRequest: true,
          supportsStepBack: true,
          supportsTerminateRequest: true,
          supportsEvaluateForHovers: true,
        };
      case 'launch':
        return this.launch(a);
      case 'configurationDone':
        this.stopAtFailure();
        return undefined;
      case 'setBreakpoints':
        return { breakpoints: [] };
      case 'setExceptionBreakpoints':
        return { breakpoints: [] };
      case 'threads':
        return { threads: this.requireModel().threads.map((t) => ({ id: t.id, name: t.name })) };
      case 'stackTrace':
        return this.stackTrace(a);
      case 'scopes':
        return this.scopes(a);
      case 'variables':
        return this.variables(a);
      case 'exceptionInfo':
        return this.exceptionInfo(a);
      case 'source':
        return this.source(a);
      case 'evaluate':
        return this.evaluate(a);
      case 'continue':
        return this.move(a, (t) => t.frames.length, 'exception', { allThreadsContinued: false });
      case 'reverseContinue':
        return this.move(a, () => 1, 'entry');
      case 'next':
      case 'stepIn':
        return this.move(a, (t, d) => Math.min(t.frames.length, d + 1), 'step');
      case 'stepOut':
      case 'stepBack':
        return this.move(a, (_t, d) => Math.max(1, d - 1), 'step');
      case 'pause':
        return undefined;
      case 'disconnect':
      case 'terminate':
        this.end();
        return undefined;
      default:
        throw new RequestError(`"${req.command}" is not available when replaying a recorded event`);
    }
  }

  private clockNow(): { now: number; timeZone?: string } {
    const c = this.deps.clock;
    return { now: c ? c.now() : Date.now(), ...(c?.timeZone ? { timeZone: c.timeZone } : {}) };
  }

  private async launch(a: Record<string, unknown>): Promise<undefined> {
    let event: unknown;
    try {
      event = await this.deps.loadEvent(a);
    } catch (e) {
      throw new RequestError(e instanceof Error ? e.message : String(e));
    }
    this.model = buildReplay(this.deps.scrub(event));
    for (const t of this.model.threads) this.depth.set(t.id, t.frames.length);
    this.output(`Replaying ${this.model.title} (event ${this.model.eventId || 'without an id'}): no process runs; step in or out to move along the recorded calls.\n`, 'console');
    for (const b of this.model.breadcrumbs) {
      const time = b.timestamp !== undefined ? timeOfDay(b.timestamp, this.clockNow()) : '--:--:--.---';
      const cat = b.category ? `[${b.category}] ` : '';
      const level = b.level && b.level !== 'info' ? `${b.level}: ` : '';
      this.output(`${time} ${cat}${level}${bounded(b.message, 500)}\n`, 'stdout');
    }
    return undefined;
  }

  private stopAtFailure(): void {
    const m = this.requireModel();
    const crashed = m.threads.find((t) => t.id === m.crashedThreadId);
    const ex = crashed?.exception;
    this.sendEvent('stopped', {
      reason: ex ? 'exception' : 'entry',
      threadId: m.crashedThreadId,
      allThreadsStopped: true,
      ...(ex ? { description: `${ex.type} (recorded)`, text: bounded(`${ex.type}: ${ex.value}`, 500) } : {}),
    });
  }

  private thread(a: Record<string, unknown>): ReplayThread {
    const id = a.threadId;
    const t = this.requireModel().threads.find((x) => x.id === id);
    if (!t) throw new RequestError(`there is no thread ${String(id)} in this event`);
    return t;
  }

  /** The frames on the stack now: the innermost `depth` calls end at the current call. */
  private visibleFrames(t: ReplayThread): ReplayFrame[] {
    const d = this.depth.get(t.id) ?? t.frames.length;
    return t.frames.slice(t.frames.length - d);
  }

  private async stackTrace(a: Record<string, unknown>): Promise<unknown> {
    const t = this.thread(a);
    const frames = this.visibleFrames(t);
    const start = typeof a.startFrame === 'number' && a.startFrame > 0 ? a.startFrame : 0;
    const levels = typeof a.levels === 'number' && a.levels > 0 ? a.levels : frames.length;
    const page = frames.slice(start, start + levels);
    const stackFrames = await Promise.all(page.map((f) => this.stackFrame(f)));
    return { stackFrames, totalFrames: frames.length };
  }

  private async stackFrame(f: ReplayFrame): Promise<unknown> {
    const fv = f.frame;
    const file = fv.absPath ?? fv.filename ?? fv.module;
    const out: Record<string, unknown> = { id: f.id, name: f.name, line: fv.lineno ?? 0, column: fv.colno ?? 0 };
    if (fv.inApp === false) out.presentationHint = 'subtle';
    let located: SourceLocation | undefined;
    try {
      located = file ? await this.deps.locate(fv, this.model?.platform) : undefined;
    } catch (e) {
      this.deps.log?.warn(`placing ${file} in the workspace failed (the frame shows without a source): ${errorDetail(e)}`);
      located = undefined;
    }
    if (located) {
      out.source = { name: basename(located.path), path: located.path };
      out.line = located.line;
      out.column = located.column;
    } else if (fv.contextLine !== undefined) {
      const ref = this.nextSourceRef++;
      this.sources.set(ref, excerpt(fv));
      out.source = { name: basename(file ?? 'frame'), sourceReference: ref, presentationHint: 'deemphasize', origin: 'context lines recorded in the event' };
      out.line = (fv.preContext?.length ?? 0) + 1;
      out.column = 1;
    }
    return out;
  }

  private findFrame(frameId: unknown): ReplayFrame {
    for (const t of this.requireModel().threads) {
      const f = t.frames.find((x) => x.id === frameId);
      if (f) return f;
    }
    throw new RequestError(`there is no frame ${String(frameId)} in this event`);
  }

  private scopes(a: Record<string, unknown>): unknown {
    const f = this.findFrame(a.frameId);
    const scopes: unknown[] = [];
    const locals = f.frame.vars;
    if (locals && Object.keys(locals).length) {
      scopes.push({ name: 'Locals', presentationHint: 'locals', variablesReference: this.vars.reference(locals), namedVariables: Object.keys(locals).length, expensive: false });
    } else {
      scopes.push({ name: 'Locals (none recorded)', presentationHint: 'locals', variablesReference: 0, expensive: false });
    }
    const ev = this.requireModel().eventScope;
    if (ev.length) scopes.push({ name: 'Event', variablesReference: this.vars.reference(Object.fromEntries(ev)), namedVariables: ev.length, expensive: false });
    return { scopes };
  }

  private variables(a: Record<string, unknown>): unknown {
    const ref = typeof a.variablesReference === 'number' ? a.variablesReference : -1;
    const start = typeof a.start === 'number' ? a.start : 0;
    const count = typeof a.count === 'number' ? a.count : undefined;
    const children = this.vars.children(ref, start, count);
    if (!children) throw new RequestError(`variables reference ${ref} is not known`);
    return { variables: children };
  }

  private exceptionInfo(a: Record<string, unknown>): unknown {
    const ex = this.thread(a).exception;
    if (!ex) throw new RequestError('this thread has no exception');
    const mechanism = ex.mechanism ? `mechanism: ${ex.mechanism}` : 'mechanism: not recorded';
    const handled = ex.handled === undefined ? 'handled: not recorded' : ex.handled ? 'handled' : 'unhandled';
    return {
      exceptionId: ex.type,
      description: bounded(ex.value, 2_000),
      breakMode: ex.handled === false ? 'unhandled' : 'always',
      details: { message: bounded(ex.value, 2_000), typeName: ex.type, fullTypeName: `${ex.type} (${ex.role}; ${mechanism}; ${handled})` },
    };
  }

  private source(a: Record<string, unknown>): unknown {
    const ref = typeof a.sourceReference === 'number' ? a.sourceReference : isRecord(a.source) && typeof a.source.sourceReference === 'number' ? a.source.sourceReference : -1;
    const content = this.sources.get(ref);
    if (content === undefined) throw new RequestError('this source is not part of the replayed event');
    return { content, mimeType: 'text/plain' };
  }

  private evaluate(a: Record<string, unknown>): unknown {
    const expr = typeof a.expression === 'string' ? a.expression.trim() : '';
    const vars = a.frameId !== undefined ? this.findFrame(a.frameId).frame.vars : undefined;
    if (vars && Object.prototype.hasOwnProperty.call(vars, expr)) {
      const v = this.vars.variable(expr, vars[expr]);
      return { result: v.value, variablesReference: v.variablesReference, ...(v.type ? { type: v.type } : {}) };
    }
    throw new RequestError(`a replayed event has only its recorded values; "${bounded(expr, 80)}" is not a local of this frame`);
  }

  private move(a: Record<string, unknown>, to: (t: ReplayThread, depth: number) => number, reason: string, extra: Record<string, unknown> = {}): unknown {
    const t = this.thread(a);
    const before = this.depth.get(t.id) ?? t.frames.length;
    const after = Math.max(t.frames.length ? 1 : 0, to(t, before));
    this.depth.set(t.id, after);
    const atFailure = after === t.frames.length && t.exception;
    // Answer first, then say where it stopped (the editor expects the response before the event).
    queueMicrotask(() => {
      if (this.ended) return;
      this.sendEvent('continued', { threadId: t.id, allThreadsContinued: false });
      this.sendEvent('stopped', {
        reason: atFailure ? 'exception' : reason,
        threadId: t.id,
        allThreadsStopped: true,
        ...(atFailure && t.exception ? { description: `${t.exception.type} (recorded)`, text: bounded(`${t.exception.type}: ${t.exception.value}`, 500) } : {}),
      });
    });
    return extra;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.vars.clear();
    this.sources.clear();
    queueMicrotask(() => this.sendEvent('terminated'));
  }

  private requireModel(): ReplayModel {
    if (!this.model) throw new RequestError('no event is loaded yet');
    return this.model;
  }

  private output(text: string, category: string): void {
    this.sendEvent('output', { category, output: text });
  }

  private respond(req: DapRequest, success: boolean, body: unknown, message?: string): void {
    this.deps.send({
      seq: this.seq++,
      type: 'response',
      request_seq: req.seq,
      command: req.command,
      success,
      ...(message ? { message } : {}),
      ...(body !== undefined ? { body } : {}),
    });
  }

  private sendEvent(event: string, body?: unknown): void {
    this.deps.send({ seq: this.seq++, type: 'event', event, ...(body !== undefined ? { body } : {}) });
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function basename(p: string): string {
  return p.replace(/[?#].*$/, '').split(/[\\/]/).filter(Boolean).pop() ?? p;
}

/** The event's context lines of a frame, its own line marked: the document of a frame with no local file. */
function excerpt(f: FrameView): string {
  const pre = f.preContext ?? [];
  const lines = [...pre, f.contextLine ?? '', ...(f.postContext ?? [])];
  return `${lines.join('\n')}\n`;
}
