// Records one real @sentry/node 11 log envelope: 100 `Sentry.logger.*` lines
// (the SDK sends them as one `log` item of 100) from a child process against a
// one-shot recorder; returns its body and query string.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const SCRIPT = `
import { createRequire } from 'node:module';
const Sentry = createRequire(process.argv[3])('@sentry/node');
Sentry.init({ dsn: process.argv[2], release: 'bench@1.0.0', environment: 'bench', enableLogs: true });
for (let i = 0; i < 100; i++) {
  const level = ['info', 'warn', 'error', 'debug'][i % 4];
  Sentry.logger[level]('order ' + i + ' processed in ' + (i * 7) + ' ms', { orderId: 'order_' + i, amount: i * 1.5, region: 'eu-west', retry: i % 3 === 0 });
}
await Sentry.flush(10000);
`;

export async function recordLogEnvelope(repoRoot) {
  const bodies = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      // Above 32 KiB the SDK gzips; the bench posts the envelope as it is, uncompressed.
      const raw = Buffer.concat(chunks);
      bodies.push({ url: req.url, body: req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw });
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
  const env = bodies.find((b) => b.url.includes('/envelope/') && b.body.includes('"type":"log"') && b.body.includes('"item_count":100'));
  if (!env) throw new Error(`the SDK sent no log envelope of 100 items (got ${bodies.map((b) => b.body.toString().split("\n")[1]).join(", ")})`);
  return { body: env.body, query: env.url.slice(env.url.indexOf('?')) };
}
