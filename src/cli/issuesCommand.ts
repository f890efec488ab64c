import type { CliIo, ExitCode } from './io';

// Placeholder until the issues command lands.
export async function issuesCommand(_argv: string[], io: CliIo): Promise<ExitCode> {
  io.stderr('sentry-lens issues: not available yet\n');
  return 1;
}
