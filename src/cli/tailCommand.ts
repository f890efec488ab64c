import { request } from 'node:http';
import { SseReader } from '../capture/http/sseReader';
import { ENVELOPE_CONTENT_TYPE } from '../capture/listener/streamFeed';
import { commandPrelude } from './commandPrelude';
import type { CliIo, ExitCode } from './io';
import { type FeedItem, TAIL_KINDS, type TailKind, formatItem } from './tailFormat';

const FLAGS = {
  port: { kind: 'string', short: 'p', valueName: 'N', help: 'port of the running listener (default 8969)' },
  host: { kind: 'string', valueName: 'HOST', help: 'address of the running listener (default 127.0.0.1)' },
  json: { kind: 'boolean', help: 'print one JSON object per error, transaction, span or log line' },
} as const;

const USAGE = `usage: sentry-lens tail [errors|traces|logs]... [options]

Follows a running listener (VS Code's, or "sentry-lens capture") through its
GET /stream, as "spotlight tail" does: one line per error, transaction, span
and log line it accepts from now on, after the recent ones it still holds.
Without a kind, all three. Ctrl-C stops.

options:
`;

export async function tailCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const cmd = commandPrelude(argv, io, { name: 'tail', flags: FLAGS, usage: USAGE });
  if ('exit' in cmd) return cmd.exit;
  const { flags: f, positionals, usageError, failure } = cmd;
  const port = f.port === undefined ? 8969 : Number(f.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return usageError(`--port must be a whole number from 1 to 65535, got "${f.port}"`);
  const names = positionals.length ? positionals.map((p) => p.toLowerCase()) : (Object.keys(TAIL_KINDS) as TailKind[]);
  const unknown = names.find((n) => !(n in TAIL_KINDS));
  if (unknown !== undefined) return usageError(`unknown kind "${unknown}": choose from ${Object.keys(TAIL_KINDS).join(', ')}`);
  const types = new Set<string>(names.flatMap((n) => TAIL_KINDS[n as TailKind]));
  const host = f.host ?? '127.0.0.1';
  const reader = new SseReader((m) => {
    if (m.event !== ENVELOPE_CONTENT_TYPE) return;
    let envelope: unknown;
    try {
      envelope = JSON.parse(m.data);
    } catch {
      return; // not ours to judge: a feed message that is not JSON is skipped
    }
    const items = Array.isArray(envelope) && Array.isArray(envelope[1]) ? (envelope[1] as unknown[]) : [];
    const lines: string[] = [];
    for (const item of items) if (Array.isArray(item) && item.length === 2 && item[0] && typeof item[0] === 'object') lines.push(...formatItem(item as FeedItem, types, f.json));
    if (lines.length) io.stdout(`${lines.join('\n')}\n`);
  });
  let stopOnSignal = () => {};
  return new Promise<ExitCode>((resolve) => {
    const req = request({ host, port, path: '/stream', headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        resolve(failure(`${host}:${port} answered ${res.statusCode} to GET /stream: is it a Sentry Lens listener?`));
        return;
      }
      io.stderr(`sentry-lens tail: following ${names.join(', ')} from http://${host}:${port}; Ctrl-C stops\n`);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => reader.push(chunk));
      res.on('end', () => resolve(stopped ? 0 : failure('the listener closed the stream')));
    });
    let stopped = false;
    const stop = () => {
      stopped = true;
      req.destroy();
      resolve(0);
    };
    stopOnSignal = stop;
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (stopped) return;
      resolve(e.code === 'ECONNREFUSED' ? failure(`nothing listens on ${host}:${port}: start local capture in VS Code or run "sentry-lens capture"`) : failure(`cannot follow ${host}:${port}: ${e.code ?? e.message}`));
    });
    if (io.signal?.aborted) return stop();
    io.signal?.addEventListener('abort', stop, { once: true });
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    req.end();
  }).finally(() => {
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
  });
}
