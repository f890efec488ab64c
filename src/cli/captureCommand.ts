import { homedir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '../capture/kinds/events/eventStore';
import { CaptureListener } from '../capture/listener/listener';
import { filterStored, parseQuery, usesIssueStats } from '../capture/kinds/events/query';
import { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } from '../capture/kinds/durableTelemetryStore';
import { moveStoredTransactions } from '../capture/kinds/traces/storedTransactions';
import { createScrubber } from '../sentry/scrub/scrub';
import { frameLocation, topFrame, viewEvent } from '../sentry/event/eventView';
import type { Logger } from '../util/logger';
import { listenerMcp } from '../mcp/listenerMcp';
import { commandPrelude } from './commandPrelude';
import type { CliIo, ExitCode } from './io';
import { REST_FLAGS } from './restConfig';
import { cliRestTools } from './restToolsSource';

const FLAGS = {
  port: { kind: 'string', short: 'p', valueName: 'N', help: 'port to listen on (default 8969; 0 picks a free one)' },
  host: { kind: 'string', valueName: 'HOST', help: 'address to bind (default 127.0.0.1; anything else is reachable from other machines)' },
  store: { kind: 'string', valueName: 'DIR', help: 'event store directory (default $XDG_STATE_HOME/sentry-lens/events)' },
  'max-events': { kind: 'string', valueName: 'N', help: 'keep at most N events (default 10000)' },
  'max-traces': { kind: 'string', valueName: 'N', help: 'keep at most N traces (default 2000)' },
  'max-logs': { kind: 'string', valueName: 'N', help: 'keep at most N log lines (default 100000)' },
  durability: {
    kind: 'string',
    valueName: 'MODE',
    help: "when an event is acknowledged: 'write' (default: once in the log, which a kill of this process cannot undo; synced within 100 ms) or 'fsync' (once synced to the disk: survives an OS crash too, fewer events/s)",
  },
  query: { kind: 'string', short: 'q', valueName: 'Q', help: 'print only the events that match Q, in Sentry search syntax (every event is still stored)' },
  json: { kind: 'boolean', help: 'print one JSON object per captured event' },
  verbose: { kind: 'boolean', short: 'v', help: 'log every request outcome to stderr' },
  ...REST_FLAGS,
} as const;

const USAGE = `usage: sentry-lens capture [options]

Runs the local listener headless: point any Sentry SDK at
http://public@127.0.0.1:<port>/1 (or its Spotlight option at this port) and
every event is stored and printed, one line each. It serves the agents'
tools at /mcp; with SENTRY_AUTH_TOKEN and an organization (--org or
SENTRY_ORG), as for \`sentry-lens issues\`, search_issues and get_issue too.

options:
`;

/** The store directory used when none is given: `$XDG_STATE_HOME/sentry-lens/events`, else `~/.local/state/sentry-lens/events`. */
export function defaultStoreDir(env: Record<string, string | undefined>): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'sentry-lens', 'events');
}

export async function captureCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const cmd = commandPrelude(argv, io, { name: 'capture', flags: FLAGS, usage: USAGE, onBadArgs: 'help' });
  if ('exit' in cmd) return cmd.exit;
  const { flags: f, positionals, failure } = cmd;
  if (positionals.length) return failure(`unexpected argument "${positionals[0]}"`, 2);
  const port = f.port === undefined ? 8969 : Number(f.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return failure(`--port must be a whole number from 0 to 65535, got "${f.port}"`, 2);
  const maxEvents = f['max-events'] === undefined ? 10_000 : Number(f['max-events']);
  if (!Number.isInteger(maxEvents) || maxEvents < 1) return failure(`--max-events must be a positive whole number, got "${f['max-events']}"`, 2);
  const maxTraces = f['max-traces'] === undefined ? 2000 : Number(f['max-traces']);
  if (!Number.isInteger(maxTraces) || maxTraces < 1) return failure(`--max-traces must be a positive whole number, got "${f['max-traces']}"`, 2);
  const maxLogs = f['max-logs'] === undefined ? 100_000 : Number(f['max-logs']);
  if (!Number.isInteger(maxLogs) || maxLogs < 1) return failure(`--max-logs must be a positive whole number, got "${f['max-logs']}"`, 2);
  const durability = f.durability ?? 'write';
  if (durability !== 'write' && durability !== 'fsync') return failure(`--durability must be 'write' or 'fsync', got "${durability}"`, 2);
  let query: ReturnType<typeof parseQuery> | undefined;
  if (f.query !== undefined && f.query.trim()) {
    query = parseQuery(f.query);
    if (!query.ok) return failure(`--query: ${query.reason}`, 2);
    for (const n of query.value.notes) io.stderr(`sentry-lens capture: --query: ${n.message}\n`);
  }
  const host = f.host ?? '127.0.0.1';
  const dir = f.store ?? defaultStoreDir(io.env);
  const logger = stderrLogger(io, f.verbose);
  const scrubber = createScrubber();
  if (!scrubber.ok) return failure(scrubber.reason);
  let store: EventStore;
  try {
    store = await EventStore.open(dir, { maxEvents, logger, durability, kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds({ maxTraces, maxLogs }) });
  } catch (e) {
    return failure(`cannot open the event store in ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const secret = io.env.SENTRY_LENS_WEBHOOK_SECRET;
  const telemetry = new DurableTelemetryStore(store.records, { maxTraces, maxLogs }, logger);
  await moveStoredTransactions(store, logger);
  // Agents reach the tools at /mcp; frames resolve against the folder capture started in.
  const rest = cliRestTools('capture', f, io);
  const mcp = listenerMcp({ store, telemetry, workspace: { roots: [process.cwd()], mappings: [] }, version: process.env.SENTRY_LENS_VERSION ?? '0.1.0', ...(rest.source ? { rest: rest.source } : {}) });
  const listener = new CaptureListener({ store, telemetry, scrubber: scrubber.value, logger, webhookSecret: () => secret || undefined, mcp: mcp.route });
  listener.onDidCapture((events) => {
    // Issue figures (timesSeen...) come from the whole store, read only when the query names them.
    const q = query?.ok ? query.value : undefined;
    const shown = q ? new Set(filterStored(usesIssueStats(q) ? store.list() : events, q, (k) => store.isResolved(k)).map((e) => e.id)) : undefined;
    for (const e of events) {
      if (shown && !shown.has(e.id)) continue;
      const view = viewEvent(e.event);
      if (f.json) {
        io.stdout(`${JSON.stringify({ id: e.id, receivedAt: e.receivedAt, source: e.source, projectId: e.projectId ?? null, type: view.type, level: view.level, title: view.title, topFrame: frameOf(view), event: e.event })}\n`);
      } else {
        const frame = frameOf(view);
        io.stdout(`${view.type}\t${view.level}\t${view.title}${frame ? `\t${frame}` : ''}\n`);
      }
    }
  });
  const started = await listener.start({ host, port });
  if (!started.ok) {
    mcp.dispose();
    await rest.close();
    await store.close();
    return failure(started.reason);
  }
  const synced = store.durability === 'fsync' ? ' (each event synced to the disk before its answer)' : '';
  io.stderr(`sentry-lens capture: listening on ${started.value.url} (DSN ${listener.dsn()}), storing in ${dir}${synced}; Ctrl-C stops\n`);
  await new Promise<void>((resolve) => {
    const done = () => {
      process.removeListener('SIGINT', done);
      process.removeListener('SIGTERM', done);
      resolve();
    };
    const signal = io.signal;
    if (signal?.aborted) return done();
    signal?.addEventListener('abort', done, { once: true });
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await listener.stop();
  listener.dispose();
  mcp.dispose();
  await rest.close();
  telemetry.dispose();
  await store.close();
  io.stderr('sentry-lens capture: stopped\n');
  return 0;
}

function frameOf(view: ReturnType<typeof viewEvent>): string | undefined {
  const top = topFrame(view);
  return top ? frameLocation(top) : undefined;
}

function stderrLogger(io: CliIo, verbose: boolean): Logger {
  const line = (lvl: string) => (m: string) => io.stderr(`${lvl} ${m}\n`);
  const none = () => {};
  return { trace: none, debug: verbose ? line('debug') : none, info: verbose ? line('info') : none, warn: line('warn'), error: line('error') };
}
