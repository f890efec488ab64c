import type { CliIo, ExitCode } from './io';

// Placeholder until the capture command lands.
export async function captureCommand(_argv: string[], io: CliIo): Promise<ExitCode> {
  io.stderr('sentry-lens capture: not available yet\n');
  return 1;
}
