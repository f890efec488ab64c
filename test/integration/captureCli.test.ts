import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from '../../src/capture/kinds/events/eventStore';
import { captureCommand, defaultStoreDir } from '../../src/cli/captureCommand';
import { fixtures, tempDir, waitFor } from './captureHelpers';

function io(signal?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), env: { HOME: '/nonexistent-home' }, ...(signal ? { signal } : {}) },
  };
}

describe('capture: the CLI command', function () {
  this.timeout(30_000);
  const dir = tempDir('sentry-lens-cli-');
  after(() => dir.remove());

  async function run(args: string[], send: (base: string) => Promise<void>) {
    const ac = new AbortController();
    const t = io(ac.signal);
    const done = captureCommand(['--port', '0', '--store', dir.path, ...args], t.io);
    await waitFor(() => /listening on/.test(t.err.join('')));
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(t.err.join(''))![1]!;
    await send(base);
    ac.abort();
    const code = await done;
    return { code, out: t.out.join(''), err: t.err.join('') };
  }

  it('prints one line per event (type, level, title, top in-app frame) and stops on the abort signal', async () => {
    const envelope = readFileSync(join(fixtures, 'envelopes/spotlight/envelope_php_error.txt'));
    const r = await run([], async (base) => {
      const res = await fetch(`${base}/api/1/envelope/?sentry_key=k`, { method: 'POST', body: envelope });
      assert.equal(res.status, 200);
    });
    assert.equal(r.code, 0);
    assert.equal(r.out, 'error\terror\tException: This will be captured by Sentry\t/index.php:16\n');
    assert.match(r.err, /DSN http:\/\/public@127\.0\.0\.1:\d+\/1/);
    assert.match(r.err, /stopped/);
    const store = await EventStore.open(dir.path, { maxEvents: 100 });
    assert.equal(store.size, 1);
    await store.close();
  });

  it('prints one JSON object per line with --json', async () => {
    const sample = readFileSync(join(fixtures, 'samples/python-modern.json'));
    const r = await run(['--json'], async (base) => {
      const res = await fetch(`${base}/api/1/store/?sentry_key=k`, { method: 'POST', body: sample });
      assert.equal(res.status, 200);
    });
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.type, 'error');
    assert.equal(lines[0]!.title, 'Exception: This is an example Python exception');
    assert.equal(lines[0]!.topFrame, 'main.py:26');
    assert.equal(lines[0]!.source, 'store');
  });

  it('prints only the events that match --query, and stores them all', async () => {
    const r = await run(['--query', 'level:warning OR context.payment.provider:stripe'], async (base) => {
      for (const body of [
        { message: 'one: info', level: 'info' },
        { message: 'two: warning', level: 'warning' },
        { message: 'three: stripe', level: 'error', contexts: { payment: { provider: 'stripe' } } },
        { message: 'four: adyen', level: 'error', contexts: { payment: { provider: 'adyen' } } },
      ]) {
        const res = await fetch(`${base}/api/1/store/?sentry_key=k`, { method: 'POST', body: JSON.stringify(body) });
        assert.equal(res.status, 200);
      }
    });
    assert.equal(r.code, 0);
    assert.equal(r.out, 'error\twarning\ttwo: warning\nerror\terror\tthree: stripe\n');
    const store = await EventStore.open(dir.path, { maxEvents: 100 });
    assert.ok(store.list().some((e) => e.event.message === 'four: adyen'));
    await store.close();
  });

  it("with --durability fsync, syncs each event before its answer and says so", async () => {
    const envelope = readFileSync(join(fixtures, 'envelopes/spotlight/envelope_php_error.txt'));
    const r = await run(['--durability', 'fsync'], async (base) => {
      const res = await fetch(`${base}/api/1/envelope/?sentry_key=k`, { method: 'POST', body: envelope });
      assert.equal(res.status, 200);
    });
    assert.equal(r.code, 0);
    assert.match(r.err, /each event synced to the disk before its answer/);
    assert.equal(r.out, 'error\terror\tException: This will be captured by Sentry\t/index.php:16\n');
    const plain = await run([], async () => {});
    assert.doesNotMatch(plain.err, /synced to the disk/);
  });

  it('reports usage mistakes with exit 2 and a port in use with exit 1', async () => {
    for (const [args, reason] of [
      [['--port', 'abc'], /--port must be a whole number/],
      [['--max-events', '0'], /--max-events must be a positive whole number/],
      [['--durability', 'later'], /--durability must be 'write' or 'fsync', got "later"/],
      [['--bogus'], /unknown option --bogus/],
      [['extra'], /unexpected argument "extra"/],
      [['--query', 'level:error OR'], /--query: "OR" at position 13 needs a term after it/],
      [['-q', 'stack.line:3'], /--query: unknown key "stack.line" at position 1 for events/],
    ] as const) {
      const t = io();
      assert.equal(await captureCommand([...args], t.io), 2);
      assert.match(t.err.join(''), reason);
    }
    const help = io();
    assert.equal(await captureCommand(['--help'], help.io), 0);
    assert.match(help.out.join(''), /usage: sentry-lens capture/);

    const ac = new AbortController();
    const first = io(ac.signal);
    const running = captureCommand(['--port', '0', '--store', dir.path], first.io);
    await waitFor(() => /listening on/.test(first.err.join('')));
    const port = /127\.0\.0\.1:(\d+)/.exec(first.err.join(''))![1]!;
    const second = io();
    assert.equal(await captureCommand(['--port', port, '--store', dir.path], second.io), 1);
    assert.match(second.err.join(''), /held by another Sentry Lens/);
    ac.abort();
    assert.equal(await running, 0);
  });

  it('defaults the store to $XDG_STATE_HOME or ~/.local/state', () => {
    assert.equal(defaultStoreDir({ XDG_STATE_HOME: '/x/state', HOME: '/h' }), '/x/state/sentry-lens/events');
    assert.equal(defaultStoreDir({ HOME: '/h' }), '/h/.local/state/sentry-lens/events');
  });
});
