import type { CliIo, ExitCode } from './io';

const USAGE = `usage: sentry-lens <command> [options]

commands:
  send       send an event to a Sentry DSN
  capture    run the local listener headless and print captured events
  tail       follow a running listener's errors, traces and logs
  issues     list a Sentry organization's issues through the REST API
  resolve    show how each stack frame of an event maps to a local file
  mcp        serve the agents' tools (MCP) over stdio, from the running listener

Run "sentry-lens <command> --help" for a command's options.
`;

type Command = (argv: string[], io: CliIo) => Promise<ExitCode>;

// Each command's module is loaded only when that command runs.
const commands: Record<string, () => Promise<Command>> = {
  send: async () => (await import('./sendCommand')).sendCommand,
  capture: async () => (await import('./captureCommand')).captureCommand,
  tail: async () => (await import('./tailCommand')).tailCommand,
  issues: async () => (await import('./issuesCommand')).issuesCommand,
  resolve: async () => (await import('./resolveCommand')).resolveCommand,
  mcp: async () => (await import('./mcpCommand')).mcpCommand,
};

export async function runCli(argv: string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${process.env.SENTRY_LENS_VERSION ?? '0.1.0'}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    io.stderr(`sentry-lens: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return (await load())(rest, io);
}
