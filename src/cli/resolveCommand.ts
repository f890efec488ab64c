import { promises as fsp } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { z } from 'zod';
import { type FrameView, viewEvent } from '../sentry/event/eventView';
import { type CodeMapping, parseCodeMappings } from '../source/resolver/codeMappings';
import { explainResolution } from '../source/resolver/explainResolution';
import { FrameResolver } from '../source/resolver/frameResolver';
import { type Result, fail, ok } from '../util/result';
import { commandPrelude } from './commandPrelude';
import { printTextResolution } from './resolveText';
import { type ResolvedFrameJson, toJson } from './resolvedFrameJson';
import type { CliIo, ExitCode } from './io';

const FLAGS = {
  root: { kind: 'list', short: 'r', valueName: 'DIR', help: 'a workspace folder to look in (default: the current folder)' },
  mappings: { kind: 'string', short: 'm', valueName: 'FILE', help: 'code mappings: a JSON list of {"stackRoot": ..., "sourceRoot": ...}' },
  json: { kind: 'boolean', help: 'print a JSON array with one object per frame' },
  text: { kind: 'string', short: 't', valueName: 'FILE', help: 'read a plain-text stack trace or log instead of an event (- for standard input)' },
} as const;

const USAGE = `usage: sentry-lens resolve [--root DIR]... [--mappings FILE] [--json] EVENT.json
       sentry-lens resolve [--root DIR]... [--mappings FILE] [--json] --text FILE|-

Shows, for every stack frame of an event (all exceptions, in the event's frame
order), the local files tried and the one chosen, with the line and column
after source maps and moved-line recovery. EVENT.json is a Sentry event as an
SDK sends it, an event from Sentry's REST API, a stored-event line, or an
envelope holding an event. A mapping's relative sourceRoot is resolved against
the first --root.

With --text, FILE is text holding stack traces as runtimes print them (Node
and browsers, Python, Java/Kotlin, Go, Ruby, PHP, .NET): each frame found is
resolved, in the order the text lists them; other lines are ignored.

options:
`;

const storedLine = z.object({ id: z.string(), receivedAt: z.number(), event: z.record(z.string(), z.unknown()) });
const eventObject = z.record(z.string(), z.unknown());

export async function resolveCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const cmd = commandPrelude(argv, io, { name: 'resolve', flags: FLAGS, usage: USAGE });
  if ('exit' in cmd) return cmd.exit;
  const { flags, positionals, usageError, failure } = cmd;
  if (flags.text !== undefined && positionals.length > 0) return usageError(`--text reads a text, not an event file: "${positionals[0]}" is one argument too many`);
  if (flags.text === undefined && positionals.length === 0) return usageError('no event file: give the path of an EVENT.json (or --text FILE for a plain-text stack trace)');
  if (positionals.length > 1) return usageError(`one event file at a time (got "${positionals[0]}" and "${positionals[1]}")`);

  const roots = (flags.root.length ? flags.root : ['.']).map((r) => resolvePath(r));
  for (const root of roots) {
    const st = await fsp.stat(root).catch(() => undefined);
    if (!st) return failure(`the root folder ${root} does not exist`);
    if (!st.isDirectory()) return failure(`the root ${root} is not a folder`);
  }

  let mappings: CodeMapping[] = [];
  if (flags.mappings !== undefined) {
    const m = await readMappings(resolvePath(flags.mappings));
    if (!m.ok) return failure(m.reason);
    mappings = m.value;
  }

  if (flags.text !== undefined) {
    const text = flags.text === '-' ? await readStdin(io) : await readText(resolvePath(flags.text), 'text file');
    if (!text.ok) return failure(text.reason);
    const resolver = new FrameResolver({ roots, mappings });
    await resolver.buildIndex(io.signal ? { signal: io.signal } : {});
    return printTextResolution(resolver, text.value, io, flags.json);
  }

  const eventPath = resolvePath(positionals[0]!);
  const ev = await readEvent(eventPath);
  if (!ev.ok) return failure(ev.reason);

  const resolver = new FrameResolver({ roots, mappings });
  await resolver.buildIndex(io.signal ? { signal: io.signal } : {});
  const view = viewEvent(ev.value);
  const ctx = view.platform ? { platform: view.platform } : {};
  const stacks: Array<{ exception: number | null; title: string; frames: FrameView[] }> = view.exceptions.length
    ? view.exceptions.map((e, i) => ({ exception: i, title: [e.type, e.value].filter(Boolean).join(': ') || '(exception)', frames: e.frames }))
    : [{ exception: null, title: view.message ?? view.title, frames: view.messageFrames }];

  // Every frame of every stack in one batch: frames that share files cost one read each.
  const resolutions = await resolver.resolveMany(
    stacks.flatMap((s) => s.frames),
    io.signal ? { ...ctx, signal: io.signal } : ctx,
  );
  const out: ResolvedFrameJson[] = [];
  const text: string[] = [];
  let next = 0;
  for (const stack of stacks) {
    if (stack.exception !== null) text.push(`exception ${stack.exception + 1}/${stacks.length}: ${stack.title}`);
    else text.push(`message: ${stack.title}`);
    if (stack.frames.length === 0) text.push('  (no stack frames)');
    for (let i = 0; i < stack.frames.length; i++) {
      const frame = stack.frames[i]!;
      const r = resolutions[next++]!;
      text.push(indent(`#${i} ${explainResolution(frame, r)}`, '  '));
      out.push(toJson(stack.exception, i, frame, r));
    }
  }
  if (flags.json) io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  else io.stdout(`${text.join('\n')}\n`);
  if (out.length === 0) io.stderr('sentry-lens resolve: the event has no stack frames\n');
  return 0;
}

function indent(s: string, pad: string): string {
  return s
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

async function readStdin(io: CliIo): Promise<Result<string>> {
  if (!io.stdin) return fail('standard input cannot be read here');
  try {
    return ok(await io.stdin());
  } catch (e) {
    return fail(`standard input could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

async function readText(path: string, what: string): Promise<Result<string>> {
  try {
    return ok(await fsp.readFile(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail(`the ${what} ${path} does not exist`);
    if (code === 'EISDIR') return fail(`the ${what} ${path} is a folder, not a file`);
    return fail(`the ${what} ${path} could not be read (${code ?? 'error'})`);
  }
}

export async function readMappings(path: string): Promise<Result<CodeMapping[]>> {
  const text = await readText(path, 'mappings file');
  if (!text.ok) return text;
  let json: unknown;
  try {
    json = JSON.parse(text.value);
  } catch (e) {
    return fail(`the mappings file ${path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Also accept a settings.json-like object with the extension's setting.
  if (typeof json === 'object' && json !== null && 'sentry.codeMappings' in json) json = (json as Record<string, unknown>)['sentry.codeMappings'];
  const m = parseCodeMappings(json);
  return m.ok ? m : fail(`the mappings file ${path}: ${m.reason}`);
}

/** The event inside a plain event, a REST API event, a stored-event line or an envelope. */
async function readEvent(path: string): Promise<Result<Record<string, unknown>>> {
  const text = await readText(path, 'event file');
  if (!text.ok) return text;
  const body = text.value.replace(/^\uFEFF/, '');
  let json: unknown;
  let parseError: string | undefined;
  try {
    json = JSON.parse(body);
  } catch (e) {
    parseError = e instanceof Error ? e.message : String(e);
  }
  if (parseError !== undefined) {
    const fromEnvelope = eventFromEnvelope(body);
    if (fromEnvelope) return ok(fromEnvelope);
    return fail(`the event file ${path} is not valid JSON (${parseError}), nor an envelope holding an event`);
  }
  const stored = storedLine.safeParse(json);
  if (stored.success) return ok(stored.data.event);
  const obj = eventObject.safeParse(json);
  if (!obj.success) return fail(`the event file ${path} must hold a JSON object (a Sentry event), not ${Array.isArray(json) ? 'a list' : typeof json}`);
  return ok(obj.data);
}

/** An envelope: a header line, then item header / payload pairs; returns the first `event` item's payload. */
function eventFromEnvelope(body: string): Record<string, unknown> | undefined {
  const lines = body.split('\n');
  for (let i = 1; i + 1 < lines.length; i++) {
    let header: unknown;
    try {
      header = JSON.parse(lines[i]!);
    } catch {
      continue;
    }
    if (typeof header !== 'object' || header === null || (header as { type?: unknown }).type !== 'event') continue;
    try {
      const payload = eventObject.safeParse(JSON.parse(lines[i + 1]!));
      if (payload.success) return payload.data;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
