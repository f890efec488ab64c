// Records real @sentry/node envelopes for the benches: runs an SDK script in a
// child process against a one-shot recorder and returns the body and query
// string of the envelope the bench wants.
//   recordNodeSdkEnvelope  one error envelope (bench/capture.mjs)
//   recordLogEnvelope      one `log` item of 100 `Sentry.logger.*` lines (bench/traces.mjs)
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const PRELUDE = `
import { createRequire } from 'node:module';
const Sentry = createRequire(process.argv[3])('@sentry/node');
`;

const ERROR_SCRIPT = `${PRELUDE}
Sentry.init({ dsn: process.argv[2], release: 'bench@1.0.0', environment: 'bench' });
function handler() { throw new TypeError('Cannot read properties of undefined (reading "id")'); }
try { handler(); } catch (e) { Sentry.captureException(e); }
await Sentry.flush(10000);
`;

const LOG_SCRIPT = `${PRELUDE}
Sentry.init({ dsn: process.argv[2], release: 'bench@1.0.0', environment: 'bench', enableLogs: true });
for (let i = 0; i < 100; i++) {
  const level = ['info', 'warn', 'error', 'debug'][i % 4];
  Sentry.logger[level]('order ' + i + ' processed in ' + (i * 7) + ' ms', { orderId: 'order_' + i, amount: i * 1.5, region: 'eu-west', retry: i % 3 === 0 });
}
await Sentry.flush(10000);
`;

/** One real error envelope, as the SDK sent it (uncompressed). */
export async function recordNodeSdkEnvelope(repoRoot) {
  const bodies = await recordSdkRun(repoRoot, ERROR_SCRIPT);
  const env = bodies.find((b) => b.url.includes('/envelope/') && b.body.includes('"type":"event"'));
  if (!env) throw new Error('the SDK sent no error envelope');
  if (env.encoding) throw new Error(`unexpected content-encoding ${env.encoding}`);
  return { body: env.body, query: queryOf(env.url) };
}

/** One real log envelope of 100 lines; the SDK gzips above 32 KiB, the bench gets it uncompressed. */
export async function recordLogEnvelope(repoRoot) {
  const bodies = await recordSdkRun(repoRoot, LOG_SCRIPT);
  const env = bodies
    .map((b) => ({ ...b, body: b.encoding === 'gzip' ? gunzipSync(b.body) : b.body }))
    .find((b) => b.url.includes('/envelope/') && b.body.includes('"type":"log"') && b.body.includes('"item_count":100'));
  if (!env) throw new Error(`the SDK sent no log envelope of 100 items (got ${bodies.map((b) => b.body.toString().split('\n')[1]).join(', ')})`);
  return { body: env.body, query: queryOf(env.url) };
}

const queryOf = (url) => url.slice(url.indexOf('?'));

/** Every request the SDK script made against a recorder that answers 200 `{}`. */
async function recordSdkRun(repoRoot, script) {
  const bodies = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ url: req.url, body: Buffer.concat(chunks), encoding: req.headers['content-encoding'] });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const dir = mkdtempSync(join(tmpdir(), 'sentry-lens-bench-'));
  const file = join(dir, 'record.mjs');
  writeFileSync(file, script);
  try {
    await new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [file, `http://public@127.0.0.1:${server.address().port}/1`, join(repoRoot, 'package.json')], { stdio: 'inherit' });
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`SDK run exited ${code}`))));
    });
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return bodies;
}
