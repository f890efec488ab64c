import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The small programs whose real stack traces the stack-text tests parse and resolve. */
export const PROGRAMS_DIR = join(__dirname, '..', 'fixtures', 'stackText', 'programs');
export const RECORDED_DIR = join(__dirname, '..', 'fixtures', 'stackText', 'recorded');

export interface ProgramRun {
  /** The folder the program ran from (its files as the trace prints them). */
  dir: string;
  /** What the runtime printed on standard error. */
  stderr: string;
  status: number | null;
}

export interface ProgramSpec {
  /** The folder under programs/ to copy. */
  runtime: 'node' | 'python' | 'java';
  /** Commands run in order in the copy; the last one's stderr is the trace. */
  commands: Array<[string, ...string[]]>;
}

const ESBUILD = join(__dirname, '..', '..', 'node_modules', '.bin', 'esbuild');

export const PROGRAMS: Record<string, ProgramSpec> = {
  'node-async': { runtime: 'node', commands: [['node', 'src/main.js']] },
  'node-esm': { runtime: 'node', commands: [['node', 'src/esm.mjs']] },
  'node-bundle': {
    runtime: 'node',
    commands: [
      [ESBUILD, 'src/bundled.ts', '--bundle', '--platform=node', '--sourcemap', '--outfile=dist/bundle.js', '--log-level=warning'],
      ['node', 'dist/bundle.js'],
    ],
  },
  'python-chained': { runtime: 'python', commands: [['/usr/bin/python3', 'main.py']] },
  'java-caused-by': {
    runtime: 'java',
    commands: [
      ['javac', '-d', 'out', 'src/shop/Main.java', 'src/shop/Inventory.java'],
      ['java', '-cp', 'out', 'shop.Main'],
    ],
  },
};

/** Copies a program's folder to `<base>/srv/app` and runs it there, as a deployed app would print its paths. */
export function runProgram(name: string, base: string): ProgramRun {
  const spec = PROGRAMS[name];
  if (!spec) throw new Error(`no program ${name}`);
  const dir = join(base, 'srv', 'app');
  mkdirSync(dir, { recursive: true });
  cpSync(join(PROGRAMS_DIR, spec.runtime), dir, { recursive: true });
  let last: ReturnType<typeof spawnSync> | undefined;
  for (const [cmd, ...args] of spec.commands) {
    last = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, timeout: 60_000 });
    if (last.error) throw last.error;
  }
  return { dir, stderr: String(last?.stderr ?? ''), status: last?.status ?? null };
}
