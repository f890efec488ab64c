/**
 * Runs the fake Sentry API standalone (for the e2e suite and manual tries):
 *
 *   node --import tsx test/fake-sentry/cli.ts [--port N] [--token T] [--issues N]
 *        [--frames FILE.json] [--path-prefix /sentry] [--read-only-token T]
 *
 * Prints one JSON line `{"url": ..., "token": ..., "org": ..., "projects": [...]}`
 * on stdout once listening, and stops on SIGINT/SIGTERM. `--frames` is a JSON
 * array of `{absPath, filename?, function?, lineNo, colNo?, inApp?, context?}`
 * (outermost first) for every issue's latest event, e.g. pointing into a demo
 * workspace. Faults can be injected from outside through
 * `POST /__fake/faults {"fault": {"kind": "rate-limit"|"server-error"|"hang"}, "times": N}`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ALL_SCOPES, type FakeFrame, startFakeSentry } from './fakeSentry';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      token: { type: 'string' },
      issues: { type: 'string', default: '5' },
      frames: { type: 'string' },
      'path-prefix': { type: 'string' },
      'read-only-token': { type: 'string' },
    },
  });
  const port = Number(values.port);
  const issues = Number(values.issues);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535 (got ${values.port})`);
  if (!Number.isInteger(issues) || issues < 0 || issues > 10_000) throw new Error(`--issues must be 0..10000 (got ${values.issues})`);
  const frames = values.frames ? (JSON.parse(readFileSync(values.frames, 'utf8')) as FakeFrame[]) : undefined;
  const fake = await startFakeSentry({
    port,
    issues,
    ...(values.token ? { token: values.token } : {}),
    ...(frames ? { frames } : {}),
    ...(values['path-prefix'] ? { pathPrefix: values['path-prefix'] } : {}),
    ...(values['read-only-token'] ? { extraTokens: { [values['read-only-token']]: ALL_SCOPES.filter((s) => s !== 'event:write') } } : {}),
  });
  process.stdout.write(`${JSON.stringify({ url: fake.url, token: fake.token, org: fake.state.org, projects: fake.state.projects.map((p) => p.slug) })}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`fake-sentry: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
