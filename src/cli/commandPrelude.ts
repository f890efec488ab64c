import { isSentryError, logDetailOf } from '../sentry/errors';
import { type FlagSpecs, type FlagValues, formatFlagHelp, parseArgs } from './args';
import type { CliIo, ExitCode } from './io';

export interface CommandPreludeOptions<S extends FlagSpecs> {
  /** The command's name as typed after `sentry-lens`: `send`. */
  readonly name: string;
  readonly flags: S;
  /** The help text before the options list (ending with `options:\n`); the options are appended. */
  readonly usage: string;
  /**
   * What follows the reason on stderr when the arguments are wrong: a line
   * telling to run `--help` (`hint`, the default), or the whole help text (`help`).
   */
  readonly onBadArgs?: 'hint' | 'help';
}

/** A command whose arguments parsed, with the two ways it reports a problem. */
export interface StartedCommand<S extends FlagSpecs> {
  readonly flags: FlagValues<S>;
  readonly positionals: string[];
  /** Prints `sentry-lens <name>: <reason>` then the `onBadArgs` text to stderr; returns 2. */
  usageError(reason: string): ExitCode;
  /** Prints `sentry-lens <name>: <reason>` to stderr; returns `code` (1 unless given). */
  failure(reason: string, code?: ExitCode): ExitCode;
  /**
   * A thrown failure: ours print their sentence; anything else prints what it
   * is, its causes and where it started (a terminal has no Sentry log to point to). Returns 1.
   */
  failed(e: unknown): ExitCode;
}

/**
 * The start every CLI command shares: parses `argv` against the command's
 * flags, prints the help on `--help` (exit 0) or the reason for bad arguments
 * (exit 2) and then returns `{ exit }`; otherwise returns the parsed flags and
 * the command's error printers.
 */
export function commandPrelude<S extends FlagSpecs>(argv: readonly string[], io: CliIo, opts: CommandPreludeOptions<S>): { readonly exit: ExitCode } | StartedCommand<S> {
  const help = opts.usage + formatFlagHelp(opts.flags);
  const prefix = `sentry-lens ${opts.name}: `;
  const after = opts.onBadArgs === 'help' ? `\n${help}` : `Run "sentry-lens ${opts.name} --help" for the options.\n`;
  const usageError = (reason: string): ExitCode => {
    io.stderr(`${prefix}${reason}\n${after}`);
    return 2;
  };
  const failure = (reason: string, code: ExitCode = 1): ExitCode => {
    io.stderr(`${prefix}${reason}\n`);
    return code;
  };
  const failed = (e: unknown): ExitCode => failure(isSentryError(e) ? e.userMessage : `unexpected failure: ${logDetailOf(e)}`);
  const parsed = parseArgs(argv, opts.flags);
  if (!parsed.ok) return { exit: usageError(parsed.reason) };
  if (parsed.value.help) {
    io.stdout(help);
    return { exit: 0 };
  }
  return { flags: parsed.value.flags, positionals: parsed.value.positionals, usageError, failure, failed };
}
