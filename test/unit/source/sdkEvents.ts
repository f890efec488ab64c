import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's own @sentry/node, loaded by absolute path from scripts in temp folders. */
export const SENTRY_NODE = join(__dirname, '../../../node_modules/@sentry/node');
export const ESBUILD = join(__dirname, '../../../node_modules/.bin/esbuild');

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): void {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
}

/**
 * Runs `script` (in `dir`) under Debian's python3 with sentry_sdk; the script gets the output path as argv[1]
 * and a `before_send` that writes the event there and drops it (nothing goes over the network).
 */
export function pythonEvent(dir: string, script: string): Record<string, unknown> {
  const out = join(dir, '.event.json');
  const prelude = [
    'import json, sys',
    'import sentry_sdk',
    'def _dump(event, hint):',
    '    with open(sys.argv[1], "w") as f:',
    '        json.dump(event, f)',
    '    return None',
    'sentry_sdk.init(dsn="http://public@127.0.0.1:9/1", before_send=_dump, default_integrations=False)',
  ].join('\n');
  run('/usr/bin/python3', ['-c', `${prelude}\nimport runpy\nrunpy.run_path(${JSON.stringify(join(dir, script))}, run_name="__main__")`, out], dir);
  return JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
}

/** Runs a CommonJS `script` under Node with @sentry/node; `beforeSend` writes the event and drops it. */
export function nodeEvent(dir: string, script: string, args: string[] = []): Record<string, unknown> {
  const out = join(dir, '.event.json');
  const runner = [
    "'use strict';",
    "const fs = require('node:fs');",
    `const Sentry = require(${JSON.stringify(SENTRY_NODE)});`,
    `const out = ${JSON.stringify(out)};`,
    "Sentry.init({ dsn: 'http://public@127.0.0.1:9/1', beforeSend(event) { fs.writeFileSync(out, JSON.stringify(event)); return null; } });",
    `try { require(${JSON.stringify(join(dir, script))}).main(...${JSON.stringify(args)}); } catch (e) { Sentry.captureException(e); }`,
    'Sentry.flush(5000).then(() => process.exit(0));',
  ].join('\n');
  run(process.execPath, ['-e', runner], dir);
  return JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
}

/** Bundles `entry` with esbuild (minified, with a source map: `external` .map file or `inline`). */
export function bundle(dir: string, entry: string, outfile: string, sourcemap: 'external' | 'inline'): void {
  run(ESBUILD, [entry, '--bundle', '--minify', `--sourcemap=${sourcemap}`, '--platform=node', '--format=cjs', `--outfile=${outfile}`, '--log-level=warning'], dir);
}
