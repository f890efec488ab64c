import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import http from 'node:http';
import path from 'node:path';
import { IngestClient } from '../../src/sentry/send/ingestClient';
import { parseDsn } from '../../src/sentry/send/dsn';
import { buildEvent, type EventInput } from '../../src/sentry/send/eventBuilder';
import { buildTemplatePayload, templates } from '../../src/sentry/send/templates';
import { SLOW_SPAN, performanceTemplate } from '../../src/sentry/send/performanceTemplate';

const root = path.join(__dirname, '../..');
const KEY = '5e2d1c0b9a8f7e6d5c4b3a2918070605';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

async function waitForHealth(port: number, deadline: number): Promise<void> {
  for (;;) {
    const okNow = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (okNow) return;
    if (Date.now() > deadline) throw new Error('the Spotlight sidecar did not become healthy');
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface SseEvent {
  event: string;
  data: string;
}

/** Subscribes to the sidecar's /stream (server-sent events) and collects what it parsed. */
function subscribe(port: number): Promise<{ events: SseEvent[]; close(): void; waitFor(pred: (e: SseEvent) => boolean, ms: number): Promise<SseEvent> }> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const waiters: Array<() => void> = [];
    const req = http.get({ host: '127.0.0.1', port, path: '/stream?client=sentry-lens-test', headers: { accept: 'text/event-stream' } }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let sep: number;
        while ((sep = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, sep);
          buf = buf.slice(sep + 2);
          const ev: SseEvent = { event: '', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) ev.event = line.slice(6).trim();
            else if (line.startsWith('data:')) ev.data += line.slice(5).trim();
          }
          if (ev.data !== '') {
            events.push(ev);
            for (const w of waiters.splice(0)) w();
          }
        }
      });
      resolve({
        events,
        close: () => req.destroy(),
        waitFor: async (pred, ms) => {
          const until = Date.now() + ms;
          for (;;) {
            const hit = events.find(pred);
            if (hit) return hit;
            if (Date.now() > until) throw new Error(`no matching event from Spotlight; got ${events.length} events`);
            await new Promise<void>((r) => {
              waiters.push(r);
              setTimeout(r, 200);
            });
          }
        },
      });
    });
    req.on('error', reject);
  });
}

describe('send: the Spotlight sidecar accepts our events', function () {
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  let port = 0;
  let output = '';

  before(async () => {
    port = await freePort();
    child = spawn(process.execPath, [path.join(root, 'node_modules/@spotlightjs/spotlight/dist/run.js'), 'server', '-p', String(port)], {
      cwd: root,
      env: { ...process.env, SENTRY_DSN: '', SPOTLIGHT_CAPTURE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await waitForHealth(port, Date.now() + 30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${output.slice(-2000)}`);
    });
  });

  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  const cases: Array<[string, () => Partial<EventInput>]> = [
    ['a message event', () => ({ message: 'hello spotlight', level: 'info', tags: { via: 'ingest-client' } })],
    ['the exception template', () => templates.find((t) => t.id === 'exception')!.build({ absPath: '/ws/a.ts', relativePath: 'a.ts', lineno: 2, colno: 1, lines: ['x', 'throw new Error()', 'y'] })],
    ['the context template', () => templates.find((t) => t.id === 'context')!.build()],
  ];

  for (const [name, make] of cases) {
    it(name, async () => {
      const stream = await subscribe(port);
      const client = new IngestClient({ clientName: 'sentry-lens/0.1.0', timeouts: { headersMs: 10_000 } });
      try {
        const dsn = parseDsn(`http://${KEY}@127.0.0.1:${port}/1`);
        assert.ok(dsn.ok);
        const event = buildEvent({ message: 'm', ...make() } as EventInput, { sdkName: 'sentry-lens', sdkVersion: '0.1.0' });
        const { eventId } = await client.send(dsn.value, event);
        const got = await stream.waitFor((e) => e.data.includes(eventId), 15_000);
        assert.equal(got.event, 'application/x-sentry-envelope');
        // Spotlight re-emits the envelope it parsed: [header, [[itemHeader, payload], ...]].
        const [header, items] = JSON.parse(got.data) as [Record<string, unknown>, Array<[Record<string, unknown>, Record<string, unknown>]>];
        assert.equal(header.event_id, eventId);
        assert.equal(items.length, 1);
        assert.equal(items[0]![0].type, 'event');
        assert.equal(items[0]![1].event_id, eventId);
        assert.equal(items[0]![1].message ?? (items[0]![1].exception as { values: Array<{ value: string }> }).values[0]!.value, event.message ?? event.exception!.values[0]!.value);
      } finally {
        stream.close();
        await client.close();
      }
    });
  }

  it('the performance template, as a transaction item with its spans', async () => {
    const stream = await subscribe(port);
    const client = new IngestClient({ clientName: 'sentry-lens/0.1.0', timeouts: { headersMs: 10_000 } });
    try {
      const dsn = parseDsn(`http://${KEY}@127.0.0.1:${port}/1`);
      assert.ok(dsn.ok);
      const sent = buildTemplatePayload(performanceTemplate, { message: 'GET /checkout' }, { sdkName: 'sentry-lens', sdkVersion: '0.1.0' });
      const { eventId } = await client.send(dsn.value, sent);
      const got = await stream.waitFor((e) => e.data.includes(eventId), 15_000);
      const [header, items] = JSON.parse(got.data) as [Record<string, unknown>, Array<[Record<string, unknown>, Record<string, unknown>]>];
      assert.equal(header.event_id, eventId);
      assert.equal(items.length, 1);
      assert.equal(items[0]![0].type, 'transaction');
      const t = items[0]![1] as { type: string; transaction: string; spans: Array<{ description: string; parent_span_id: string }>; contexts: { trace: { span_id: string } } };
      assert.equal(t.type, 'transaction');
      assert.equal(t.transaction, 'GET /checkout');
      assert.ok(t.spans.some((s) => s.description === SLOW_SPAN.description));
      assert.ok(t.spans.some((s) => s.parent_span_id === t.contexts.trace.span_id));
    } finally {
      stream.close();
      await client.close();
    }
  });
});
