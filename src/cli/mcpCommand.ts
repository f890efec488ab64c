import { promises as fsp } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { lazyLocator } from '../mcp/data/frameSites';
import { lensMcpServer } from '../mcp/tools/lensTools';
import { ListenerData } from '../mcp/data/listenerData';
import { serveStdio } from '../mcp/protocol/mcpStdio';
import type { CodeMapping } from '../source/resolver/codeMappings';
import { FrameResolver } from '../source/resolver/frameResolver';
import { commandPrelude } from './commandPrelude';
import type { CliIo, ExitCode } from './io';
import { readMappings } from './resolveCommand';
import { REST_FLAGS } from './restConfig';
import { cliRestTools } from './restToolsSource';

const FLAGS = {
  port: { kind: 'string', short: 'p', valueName: 'N', help: 'the port of the running listener (default 8969)' },
  root: { kind: 'list', short: 'r', valueName: 'DIR', help: 'a workspace folder frames resolve against (default: the current folder)' },
  mappings: { kind: 'string', short: 'm', valueName: 'FILE', help: 'code mappings: a JSON list of {"stackRoot": ..., "sourceRoot": ...}' },
  ...REST_FLAGS,
} as const;

const USAGE = `usage: sentry-lens mcp [--port N] [--root DIR]... [--mappings FILE] [--org ORG] [--base-url URL] [--project P]...

Serves the agents' tools (search_errors, search_events, get_event,
search_traces, get_traces, search_logs) over MCP's stdio transport, for an
agent that launches a command. It reads from the running local listener
(VS Code's local capture or \`sentry-lens capture\`) on 127.0.0.1:<port>, and
resolves stack frames against the --root folders. Standard output carries
only MCP messages; notes go to standard error.

With SENTRY_AUTH_TOKEN and an organization (--org or SENTRY_ORG), as for
\`sentry-lens issues\`, it also serves search_issues and get_issue over
Sentry's REST API.

options:
`;

export async function mcpCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const cmd = commandPrelude(argv, io, { name: 'mcp', flags: FLAGS, usage: USAGE });
  if ('exit' in cmd) return cmd.exit;
  const { flags, positionals, usageError, failure } = cmd;
  if (positionals.length) return usageError(`unexpected argument "${positionals[0]}"`);
  const port = flags.port === undefined ? 8969 : Number(flags.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return usageError(`--port must be a whole number from 1 to 65535, got "${flags.port}"`);
  const roots = (flags.root.length ? flags.root : ['.']).map((r) => resolvePath(r));
  for (const root of roots) {
    const st = await fsp.stat(root).catch(() => undefined);
    if (!st?.isDirectory()) return failure(`the root ${root} is not a folder`);
  }
  let mappings: CodeMapping[] = [];
  if (flags.mappings !== undefined) {
    const m = await readMappings(resolvePath(flags.mappings));
    if (!m.ok) return failure(m.reason);
    mappings = m.value;
  }
  if (!io.stdinStream) return failure('standard input cannot be read here');

  const base = `http://127.0.0.1:${port}`;
  const health = await fetch(`${base}/health`).then(
    (r) => r.ok,
    () => false,
  );
  if (!health) io.stderr(`sentry-lens mcp: no listener answers at ${base} yet; the tools will say so until one runs\n`);
  const data = new ListenerData(base);
  const locator = lazyLocator(async () => {
    const resolver = new FrameResolver({ roots, mappings });
    await resolver.buildIndex(io.signal ? { signal: io.signal } : {});
    return resolver;
  });
  const rest = cliRestTools('mcp', flags, io);
  const server = lensMcpServer({ data, telemetry: data, locator, version: process.env.SENTRY_LENS_VERSION ?? '0.1.0', ...(rest.source ? { rest: rest.source } : {}) });
  try {
    await serveStdio(server, io.stdinStream(), (line) => io.stdout(line), io.signal);
  } finally {
    await rest.close();
  }
  return 0;
}
