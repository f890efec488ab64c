// Records one real @sentry/node error envelope: runs the SDK in a child process
// against a one-shot recorder and returns the body and query string it sent.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = `
import { createRequire } from 'node:module';
const Sentry = createRequire(process.argv[3])('@sentry/node');
Sentry.init({ dsn: process.argv[2], release: 'bench@1.0.0', environment: 'bench' });
function handler() { throw new TypeError('Cannot read properties of undefined (reading "id")'); }
try { handler(); } catch (e) { Sentry.captureException(e); }
await Sentry.flush(10000);
`;

export async function recordNodeSdkEnvelope(repoRoot) {
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
  const script = join(dir, 'record.mjs');
  writeFileSync(script, SCRIPT);
  try {
    await new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [script, `http://public@127.0.0.1:${server.address().port}/1`, join(repoRoot, 'package.json')], { stdio: 'inherit' });
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`SDK run exited ${code}`))));
    });
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const env = bodies.find((b) => b.url.includes('/envelope/') && b.body.includes('"type":"event"'));
  if (!env) throw new Error('the SDK sent no error envelope');
  if (env.encoding) throw new Error(`unexpected content-encoding ${env.encoding}`);
  return { body: env.body, query: env.url.slice(env.url.indexOf('?')) };
}
