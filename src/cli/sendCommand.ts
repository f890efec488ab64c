import type { CliIo, ExitCode } from './io';

// Placeholder until the send command lands.
export async function sendCommand(_argv: string[], io: CliIo): Promise<ExitCode> {
  io.stderr('sentry-lens send: not available yet\n');
  return 1;
}
