import { type Result, ok, fail } from '../util/result';

/**
 * One command-line option. `string` takes one value (given twice is an error),
 * `list` takes one value per occurrence and may repeat, `boolean` takes none.
 */
export interface FlagSpec {
  readonly kind: 'string' | 'list' | 'boolean';
  /** One-letter alias, without the dash: `m` for `-m`. */
  readonly short?: string;
  /** Placeholder shown in help: `--dsn DSN`. */
  readonly valueName?: string;
  readonly help: string;
}

/** Options keyed by their long name (without the dashes). */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export type FlagValues<S extends FlagSpecs> = {
  [K in keyof S]: S[K]['kind'] extends 'list' ? string[] : S[K]['kind'] extends 'boolean' ? boolean : string | undefined;
};

export interface ParsedArgs<S extends FlagSpecs> {
  readonly flags: FlagValues<S>;
  /** Arguments that are not options, in order (everything after `--` included). */
  readonly positionals: string[];
  /** `--help` or `-h` was given; the other arguments are still parsed but not checked for errors after it. */
  readonly help: boolean;
}

/**
 * Parses `argv` against `specs`: `--name value`, `--name=value`, `-n value`,
 * `-nvalue`, `-n=value`, repeated list options, `--` to end options, and
 * `--help`/`-h`. Unknown options, missing values, a value given to a boolean
 * option and a single-value option given twice are reasons, not exceptions.
 * When `--help` appears anywhere the result is ok with `help: true`, so
 * `cmd --bogus --help` still shows help.
 */
export function parseArgs<S extends FlagSpecs>(argv: readonly string[], specs: S): Result<ParsedArgs<S>> {
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.short !== undefined) byShort.set(spec.short, name);
  }
  const values: Record<string, string | string[] | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(specs)) {
    values[name] = spec.kind === 'list' ? [] : spec.kind === 'boolean' ? false : undefined;
  }
  const positionals: string[] = [];
  const help = argv.some((a, i) => (a === '--help' || a === '-h') && !argv.slice(0, i).includes('--'));
  let firstError: string | undefined;
  const error = (reason: string): void => {
    firstError ??= reason;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') continue;
    let name: string | undefined;
    let shown: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const long = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
      shown = `--${long}`;
      name = Object.hasOwn(specs, long) ? long : undefined;
    } else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      const letter = arg[1]!;
      shown = `-${letter}`;
      name = byShort.get(letter);
      const rest = arg.slice(2);
      if (rest !== '') inline = rest.startsWith('=') ? rest.slice(1) : rest;
    } else {
      positionals.push(arg);
      continue;
    }
    if (name === undefined) {
      error(`unknown option ${shown}`);
      continue;
    }
    const spec = specs[name]!;
    const label = spec.short !== undefined ? `--${name} (-${spec.short})` : `--${name}`;
    if (spec.kind === 'boolean') {
      if (inline !== undefined) error(`option ${label} takes no value`);
      values[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next.length > 1 && !/^-\d/.test(next))) {
        error(`option ${label} needs a value${spec.valueName ? ` (${spec.valueName})` : ''}`);
        continue;
      }
      value = next;
      i++;
    }
    if (spec.kind === 'list') {
      (values[name] as string[]).push(value);
    } else if (values[name] !== undefined) {
      error(`option ${label} was given more than once`);
    } else {
      values[name] = value;
    }
  }
  if (firstError !== undefined && !help) return fail(firstError);
  return ok({ flags: values as FlagValues<S>, positionals, help });
}

/** The options part of a command's help text, one aligned line per option, plus `-h, --help`. */
export function formatFlagHelp(specs: FlagSpecs): string {
  const rows: [string, string][] = Object.entries(specs).map(([name, spec]) => {
    const value = spec.kind === 'boolean' ? '' : ` ${spec.valueName ?? 'VALUE'}`;
    const left = `${spec.short !== undefined ? `-${spec.short}, ` : '    '}--${name}${value}`;
    const repeat = spec.kind === 'list' ? ' (repeatable)' : '';
    return [left, spec.help + repeat];
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`).join('\n') + '\n';
}
