/** What a CLI command may touch: output streams and the environment (passed in so tests run it in-process). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** Aborted on SIGINT for long-running commands such as `capture`. */
  signal?: AbortSignal;
  /** All of standard input, for commands that read `-`. */
  stdin?: () => Promise<string>;
  /** Standard input as a stream, for commands that read it line by line (`mcp`). */
  stdinStream?: () => NodeJS.ReadableStream;
}

/** A command's exit code. */
export type ExitCode = number;
