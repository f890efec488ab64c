import type { CliIo, ExitCode } from './io';

// Placeholder until the resolve command lands.
export async function resolveCommand(_argv: string[], io: CliIo): Promise<ExitCode> {
  io.stderr('sentry-lens resolve: not available yet\n');
  return 1;
}
