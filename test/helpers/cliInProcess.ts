import type { CliIo, ExitCode } from '../../src/cli/io';

export interface CliRun {
  code: ExitCode;
  out: string;
  err: string;
}

/** Runs a CLI command in this process with its output captured (and all of stdin, when given). */
export async function runInProcess(command: (argv: string[], io: CliIo) => Promise<ExitCode>, argv: string[], stdin?: string): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {}, ...(stdin !== undefined ? { stdin: async () => stdin } : {}) };
  const code = await command(argv, io);
  return { code, out, err };
}
