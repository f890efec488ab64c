import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { StrictReceiver } from './helpers/strictReceiver';

const root = path.join(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const KEY = 'c0ffee00c0ffee00c0ffee00c0ffee00';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const childEnv: Record<string, string | undefined> = { ...process.env, SENTRY_DSN: undefined, SENTRY_ORG: undefined, ...env };
    execFile(process.execPath, [cli, ...args], { cwd: root, env: childEnv as NodeJS.ProcessEnv, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      assert.ok(!stdout.includes(KEY) && !stderr.includes(KEY), `the DSN key never appears in output:\n${stdout}\n${stderr}`);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('CLI: sentry-lens send', function () {
  this.timeout(120_000);
  let ok: StrictReceiver;
  let failing: StrictReceiver;
  let limited: StrictReceiver;
  let hanging: StrictReceiver;

  before(async () => {
    execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
    ok = await new StrictReceiver({ publicKey: KEY, projectId: '11' }).start();
    failing = await new StrictReceiver({ publicKey: KEY, projectId: '11', respond: () => ({ status: 401, headers: { 'content-type': 'application/json' }, body: '{"detail":"bad sentry DSN public key"}' }) }).start();
    limited = await new StrictReceiver({ publicKey: KEY, projectId: '11', respond: () => ({ status: 429, headers: { 'x-sentry-rate-limits': '60:error:key', 'retry-after': '60' } }) }).start();
    hanging = await new StrictReceiver({ publicKey: KEY, projectId: '11', respond: () => 'hang' }).start();
  });
  after(async () => {
    for (const r of [ok, failing, limited, hanging]) await r?.stop();
  });

  it('sends the fields given with sentry-cli flag names and prints the event id', async () => {
    const r = await run(['send', '--dsn', ok.dsn(), '-m', 'Deploy check', '-m', 'second line', '-l', 'warning', '-E', 'production', '-p', 'python', '-r', 'app@2.0.0', '-d', 'build7', '-t', 'region:eu', '--tag=shard:3', '-e', 'attempt:2', '-u', 'id:42', '-u', 'email:ops@example.com', '-f', 'deploy', '-f', '{{ default }}', '--no-environ']);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^[0-9a-f]{32}\n$/);
    const got = ok.received.find((x) => x.header.event_id === r.stdout.trim());
    assert.ok(got, 'the receiver got the event with the printed id');
    assert.equal(got.auth.sentry_client, 'sentry-lens/0.1.0');
    const e = got.items[0]!.json!;
    assert.equal(e.message, 'Deploy check\nsecond line');
    assert.equal(e.level, 'warning');
    assert.equal(e.environment, 'production');
    assert.equal(e.platform, 'python');
    assert.equal(e.release, 'app@2.0.0');
    assert.equal(e.dist, 'build7');
    assert.deepEqual(e.tags, { region: 'eu', shard: '3' });
    assert.deepEqual(e.extra, { attempt: '2' });
    assert.deepEqual(e.user, { id: '42', email: 'ops@example.com' });
    assert.deepEqual(e.fingerprint, ['deploy', '{{ default }}']);
    assert.ok(!got.raw.toString().includes(process.env.PATH ?? '/usr/bin:'), 'no environment variables are attached');
  });

  it('prints JSON with --json and reads the DSN from SENTRY_DSN', async () => {
    const r = await run(['send', '-m', 'from env', '--json'], { SENTRY_DSN: ok.dsn() });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { event_id: string; url: string | null };
    assert.match(out.event_id, /^[0-9a-f]{32}$/);
    assert.equal(out.url, null, 'no web link for a loopback receiver');
    assert.ok(ok.received.some((x) => x.header.event_id === out.event_id));
  });

  it('logs the send to stderr with -v, without the key', async () => {
    const r = await run(['send', '--dsn', ok.dsn(), '-m', 'verbose', '-v']);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^info sent event [0-9a-f]{32} to http:\/\/127\.0\.0\.1:\d+\/11 \(200\)\n$/);
  });

  it('sends to the store endpoint with --endpoint store: the event as JSON, scrubbed, with the same answer', async () => {
    const r = await run(['send', '--dsn', ok.dsn(), '-m', 'legacy job', '-e', 'password:hunter2', '--endpoint', 'store']);
    assert.equal(r.code, 0, r.stderr);
    const got = ok.received.find((x) => x.header.event_id === r.stdout.trim());
    assert.ok(got, 'the receiver got the event with the printed id');
    assert.equal(got.path, '/api/11/store/');
    assert.equal(got.requestHeaders['content-type'], 'application/json');
    assert.equal(got.auth.sentry_key, KEY);
    const e = got.items[0]!.json!;
    assert.equal(e.message, 'legacy job');
    assert.deepEqual(e.extra, { password: '[Filtered]' });
  });

  it('gives the store endpoint the same failures as the envelope endpoint', async () => {
    const rejected = await run(['send', '--dsn', failing.dsn(), '-m', 'x', '--endpoint', 'store']);
    assert.equal(rejected.code, 1);
    assert.equal(rejected.stderr, `sentry-lens send: the DSN was rejected by 127.0.0.1:${failing.port} (401 Unauthorized): bad sentry DSN public key; check the DSN's key and project\n`);
    const rate = await run(['send', '--dsn', limited.dsn(), '-m', 'x', '--endpoint', 'store']);
    assert.equal(rate.code, 1);
    assert.equal(rate.stderr, 'sentry-lens send: Sentry is not accepting events from this DSN now: rate limited for 60 s (category error)\n');
  });

  it('shows help', async () => {
    const r = await run(['send', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^usage: sentry-lens send/);
    for (const flag of ['-m, --message', '-l, --level', '-E, --env', '-p, --platform', '-r, --release', '-t, --tag', '-e, --extra', '-u, --user', '-f, --fingerprint', '--json', '--timeout', '--dsn']) {
      assert.ok(r.stdout.includes(flag), `help lists ${flag}`);
    }
  });

  const usageCases: Array<[string, string[], Record<string, string>, RegExp]> = [
    ['no DSN', ['send', '-m', 'x'], {}, /^sentry-lens send: no DSN: pass --dsn or set SENTRY_DSN\n/],
    ['a bad DSN', ['send', '--dsn', `https://${KEY}@sentry.io`, '-m', 'x'], {}, /^sentry-lens send: the DSN has no project id after the host\n/],
    ['a bad DSN from SENTRY_DSN', ['send', '-m', 'x'], { SENTRY_DSN: `https://${KEY}@sentry.io/abc` }, /^sentry-lens send: the DSN project id "abc" must be a number \(from SENTRY_DSN\)\n/],
    ['no message', ['send', '--dsn', `https://${KEY}@sentry.io/1`], {}, /^sentry-lens send: a message is required: pass -m MESSAGE \(or --template NAME\)\n/],
    ['a bad tag', ['send', '--dsn', `https://${KEY}@sentry.io/1`, '-m', 'x', '-t', 'nocolon'], {}, /^sentry-lens send: the tag "nocolon" must be written key:value\n/],
    ['a bad level', ['send', '--dsn', `https://${KEY}@sentry.io/1`, '-m', 'x', '-l', 'loud'], {}, /^sentry-lens send: the level "loud" must be one of fatal, error, warning, info, debug\n/],
    ['a bad timeout', ['send', '--dsn', `https://${KEY}@sentry.io/1`, '-m', 'x', '--timeout', 'soon'], {}, /^sentry-lens send: the timeout "soon" must be a number of seconds from 0\.1 to 3600\n/],
    ['an unknown flag', ['send', '--dsn', `https://${KEY}@sentry.io/1`, '-m', 'x', '--colour'], {}, /^sentry-lens send: unknown option --colour\nRun "sentry-lens send --help" for the options\.\n$/],
    ['a stray argument', ['send', '--dsn', `https://${KEY}@sentry.io/1`, '-m', 'x', 'extra'], {}, /^sentry-lens send: unexpected argument "extra"\n/],
    ['an unknown endpoint', ['send', '--dsn', `https://${KEY}@sentry.io/1`, '-m', 'x', '--endpoint', 'minidump'], {}, /^sentry-lens send: --endpoint must be envelope or store, got "minidump"\n/],
    ['a transaction to the store endpoint', ['send', '--dsn', `https://${KEY}@sentry.io/1`, '--template', 'performance', '--endpoint', 'store'], {}, /^sentry-lens send: the performance template sends a transaction, which the store endpoint does not take: leave out --endpoint store\n/],
  ];
  for (const [name, args, env, expected] of usageCases) {
    it(`exits 2 on ${name}`, async () => {
      const r = await run(args, env);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, expected);
    });
  }

  it('exits 1 with the clear message when the DSN is rejected', async () => {
    const r = await run(['send', '--dsn', failing.dsn(), '-m', 'x']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `sentry-lens send: the DSN was rejected by 127.0.0.1:${failing.port} (401 Unauthorized): bad sentry DSN public key; check the DSN's key and project\n`);
  });

  it('exits 1 when rate limited', async () => {
    const r = await run(['send', '--dsn', limited.dsn(), '-m', 'x', '--json']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'sentry-lens send: Sentry is not accepting events from this DSN now: rate limited for 60 s (category error)\n');
  });

  it('exits 1 when the server is unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const r = await run(['send', '--dsn', `http://${KEY}:secretpart@127.0.0.1:${port}/11`, '-m', 'x']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `sentry-lens send: cannot reach 127.0.0.1:${port}: connection refused (ECONNREFUSED)\n`);
    assert.ok(!r.stderr.includes('secretpart'));
  });

  it('exits 1 on a timeout with --timeout', async () => {
    const r = await run(['send', '--dsn', hanging.dsn(), '-m', 'x', '--timeout', '0.5']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `sentry-lens send: 127.0.0.1:${hanging.port} did not answer within 0.5 s (timeout waiting for the response)\n`);
  });

  it('exits 1 on a TLS failure', async () => {
    const r = await run(['send', '--dsn', ok.dsn('https'), '-m', 'x']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^sentry-lens send: TLS failure talking to 127\.0\.0\.1:\d+: the server did not answer with TLS/);
  });
});
