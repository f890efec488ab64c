import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { captureCommand } from '../../../src/cli/captureCommand';
import { type FakeFrame, type FakeSentry, startFakeSentry } from '../../fake-sentry/fakeSentry';
import { repoRoot, startHarness, tempDir, waitFor, writeTemp } from '../captureHelpers';
import { call, connect } from './mcpFixture';

const CHECKOUT = ['import { charge } from "./pay";', '', 'export function checkout(cart) {', '  const total = cart.items.reduce((s, i) => s + i.price, 0);', '  return charge(total.toFixed(2));', '}', ''].join('\n');
/** The issue's latest event: its innermost frame in src/checkout.ts line 5, as deployed under /srv/app. */
const FRAMES: FakeFrame[] = [
  { absPath: '/srv/app/node_modules/express/lib/router.js', filename: 'node_modules/express/lib/router.js', function: 'handle', lineNo: 280, colNo: 7, inApp: false },
  { absPath: '/srv/app/src/checkout.ts', filename: 'src/checkout.ts', function: 'checkout', lineNo: 5, colNo: 10, inApp: true, context: [[5, '  return charge(total.toFixed(2)); // deployed']] },
];
const noRestEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SENTRY_'))) as Record<string, string>;

/** `sentry-lens mcp` with the REST configuration `sentry-lens issues` reads: SENTRY_AUTH_TOKEN, --org, --base-url. */
function stdio(listenerPort: number, root: string, env: Record<string, string>, args: string[]) {
  return new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), 'mcp', '--port', String(listenerPort), '--root', root, ...args],
    cwd: repoRoot,
    env: { ...noRestEnv(), ...env },
    stderr: 'pipe',
  });
}

/** Everything a process wrote to stderr, for the token check. */
function collectStderr(t: StdioClientTransport, into: string[]): void {
  t.stderr?.on('data', (d: Buffer) => into.push(d.toString()));
}

describe('MCP: search_issues and get_issue over Sentry\'s REST API (fake Sentry)', function () {
  this.timeout(60_000);
  let fake: FakeSentry;
  let tmp: ReturnType<typeof tempDir>;
  let closedPort: number;
  /** Every answer and every stderr line: none may hold the token. */
  const seen: string[] = [];
  const clients: Client[] = [];
  const open = async (env: Record<string, string>, args: string[]) => {
    const t = stdio(closedPort, tmp.path, env, args);
    collectStderr(t, seen);
    const c = await connect(t);
    clients.push(c);
    return c;
  };
  const ask = async (c: Client, name: string, args: Record<string, unknown>) => {
    const r = await call(c, name, args);
    seen.push(r.text);
    return r;
  };

  before(async () => {
    fake = await startFakeSentry({
      issues: [{ title: 'TypeError: total.toFixed is not a function', culprit: 'checkout(src/checkout)', frames: FRAMES, count: 1234, level: 'error' }, { level: 'fatal' }, {}, { status: 'resolved' }, {}, {}],
      scopes: ['org:read', 'event:read'],
      extraTokens: { sntryu_project_only_0123456789abcdef: ['project:read'] },
    });
    tmp = tempDir('sentry-lens-mcp-rest-');
    mkdirSync(join(tmp.path, 'src'));
    writeTemp(tmp.path, 'src/checkout.ts', CHECKOUT);
    const idle = await startHarness();
    closedPort = idle.port;
    await idle.close();
  });
  after(async () => {
    for (const c of clients) await c.close();
    await fake?.close();
    tmp?.remove();
  });
  beforeEach(() => {
    fake.state.faults.length = 0;
  });

  describe('over stdio: sentry-lens mcp', () => {
    let client: Client;
    before(async () => {
      client = await open({ SENTRY_AUTH_TOKEN: fake.token }, ['--org', fake.state.org, '--base-url', fake.url]);
    });

    it('lists search_issues and get_issue after the captured-data tools, with their arguments', async () => {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), ['search_errors', 'search_events', 'get_event', 'search_traces', 'get_traces', 'search_logs', 'search_issues', 'get_issue']);
      const search = tools.find((t) => t.name === 'search_issues')!;
      assert.deepEqual(Object.keys(search.inputSchema.properties ?? {}), ['query', 'limit', 'statsPeriod', 'project', 'sort']);
      assert.deepEqual(tools.find((t) => t.name === 'get_issue')!.inputSchema.required, ['issueId']);
    });

    it('search_issues: the unresolved issues with short id, title, culprit, level, counts, last seen and link; the limit said; get_issue next', async () => {
      const r = await ask(client, 'search_issues', {});
      assert.equal(r.isError, false, r.text);
      const first = fake.state.issues[0]!;
      assert.match(r.text, /^# Sentry issues matching `is:unresolved`/);
      assert.match(r.text, /Showing all 5 matching \(limit 10\)\./);
      assert.ok(r.text.includes(`### 1. ${first.shortId}: TypeError: total.toFixed is not a function`), r.text);
      assert.ok(r.text.includes('Culprit: `checkout(src/checkout)`'), r.text);
      assert.match(r.text, /error · unresolved · 1,234 events · 1 user · last seen \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ · project `pump-station`/);
      assert.ok(r.text.includes(`${fake.url}/organizations/${fake.state.org}/issues/${first.id}/`), r.text);
      assert.ok(r.text.includes(`get_issue({"issueId":"${first.shortId}"})`), r.text);
      assert.ok(!r.text.includes(fake.state.issues[3]!.shortId), 'the resolved issue is not listed');
      const sent = fake.state.requests.filter((q) => q.path.endsWith('/issues/')).at(-1)!;
      assert.deepEqual([sent.query.query, sent.query.limit], [['is:unresolved'], ['10']]);
    });

    it('search_issues: the query goes to Sentry; a limit below the matches says Sentry has more', async () => {
      const fatal = await ask(client, 'search_issues', { query: 'level:fatal', sort: 'freq' });
      assert.match(fatal.text, /Showing all 1 matching/);
      assert.ok(fatal.text.includes(fake.state.issues[1]!.shortId));
      const two = await ask(client, 'search_issues', { limit: 2, statsPeriod: '14d' });
      assert.match(two.text, /Showing the first 2 \(limit 2\); Sentry has more: narrow the query or raise limit \(at most 100\)\./);
      assert.match(two.text, /seen in the last 14d/);
      const none = await ask(client, 'search_issues', { query: 'nothing-has-this-title' });
      assert.deepEqual([none.isError, /No issues matched\./.test(none.text)], [false, true]);
    });

    it('get_issue by short id: the issue, then its latest event with the frame resolved to the workspace file and the code there', async () => {
      const first = fake.state.issues[0]!;
      const r = await ask(client, 'get_issue', { issueId: first.shortId.toLowerCase() });
      assert.equal(r.isError, false, r.text);
      assert.match(r.text, new RegExp(`^# Issue ${first.shortId}: TypeError: total\\.toFixed is not a function`));
      assert.ok(r.text.includes(`issue id \`${first.id}\``), r.text);
      assert.match(r.text, /## Latest event/);
      const local = `${join(tmp.path, 'src/checkout.ts')}:5:10`;
      assert.ok(r.text.includes(`**Where:** \`checkout\` at \`${local}\``), r.text);
      assert.ok(r.text.includes('  return charge(total.toFixed(2));\n'), 'the code from the workspace file, not the deployed context line');
      assert.match(r.text, /\(library\)/);
      assert.ok(r.text.includes('search_events({"query":"error.type:TypeError"})'), r.text);
      assert.ok(fake.state.requests.some((q) => q.path === `/api/0/organizations/${fake.state.org}/shortids/${first.shortId.toLowerCase()}/`));
    });

    it('get_issue by number reads the issue endpoint', async () => {
      const issue = fake.state.issues[2]!;
      const r = await ask(client, 'get_issue', { issueId: issue.id });
      assert.equal(r.isError, false, r.text);
      assert.ok(r.text.startsWith(`# Issue ${issue.shortId}:`), r.text);
    });

    it('an unknown issue is a tool error that points to search_issues', async () => {
      for (const issueId of ['NOPE-1', '999999']) {
        const r = await ask(client, 'get_issue', { issueId });
        assert.equal(r.isError, true, issueId);
        assert.ok(r.text.startsWith(`Sentry has no issue \`${issueId}\` in organization \`${fake.state.org}\``), r.text);
        assert.match(r.text, /search_issues lists issues/);
      }
    });

    it('hostile arguments are tool errors that say what is wrong', async () => {
      const cases: Array<[string, Record<string, unknown>, RegExp]> = [
        ['search_issues', { limit: 100_000 }, /limit: .*100/],
        ['search_issues', { limit: '5' }, /limit: .*expected number/],
        ['search_issues', { query: 'x'.repeat(5000) }, /query: .*2000/],
        ['search_issues', { query: 'is:unresolved (level:error' }, /The query cannot be read/],
        ['search_issues', { statsPeriod: 'forever' }, /statsPeriod: a period is a number followed by s, m, h, d or w/],
        ['search_issues', { project: '../admin' }, /project: a project slug/],
        ['search_issues', { sort: 'random' }, /sort/],
        ['search_issues', { org: 'other' }, /Unrecognized key|org/],
        ['get_issue', {}, /issueId/],
        ['get_issue', { issueId: 12 }, /issueId: .*expected string/],
        ['get_issue', { issueId: `A-${'1'.repeat(100_000)}` }, /issueId: an issue id is at most 100 characters/],
        ['get_issue', { issueId: '../../organizations/' }, /issueId: an issue id is its number \(e\.g\. 4567891234\) or its short id \(e\.g\. PROJ-12\)/],
      ];
      for (const [name, args, want] of cases) {
        const r = await ask(client, name, args);
        assert.equal(r.isError, true, `${name} ${JSON.stringify(args).slice(0, 80)}`);
        assert.match(r.text, want);
      }
    });

    it('a 429: a short one is waited out by the client; a long one says when to call again', async () => {
      fake.state.injectFault({ kind: 'rate-limit', resetInSeconds: 1 });
      const short = await ask(client, 'search_issues', { limit: 1 });
      assert.equal(short.isError, false, short.text);
      fake.state.injectFault({ kind: 'rate-limit', resetInSeconds: 120, header: 'retry-after' });
      const long = await ask(client, 'get_issue', { issueId: fake.state.issues[0]!.shortId });
      assert.deepEqual([long.isError, /Sentry's API rate limit was reached; call again in 120 s\./.test(long.text)], [true, true], long.text);
    });

    it('a Sentry that fails with 500 is a tool error', async () => {
      fake.state.injectFault({ kind: 'server-error', status: 503 });
      const r = await ask(client, 'search_issues', {});
      assert.deepEqual([r.isError, /Sentry had a server error \(503\)/.test(r.text)], [true, true], r.text);
    });
  });

  describe('over stdio: the token refused, short of scope, or the server unreachable', () => {
    it('401: says the token is refused and which one to check', async () => {
      const c = await open({ SENTRY_AUTH_TOKEN: 'sntryu_wrong_token_value_123456' }, ['--org', fake.state.org, '--base-url', fake.url]);
      const r = await ask(c, 'search_issues', {});
      assert.equal(r.isError, true);
      assert.match(r.text, /The auth token is invalid or expired/);
      assert.match(r.text, /Check the SENTRY_AUTH_TOKEN that `sentry-lens mcp` was started with/);
      assert.ok(!r.text.includes('sntryu_wrong_token_value_123456'));
    });

    it('403: names the missing scope', async () => {
      const c = await open({ SENTRY_AUTH_TOKEN: 'sntryu_project_only_0123456789abcdef' }, ['--org', fake.state.org, '--base-url', fake.url]);
      const r = await ask(c, 'get_issue', { issueId: fake.state.issues[0]!.id });
      assert.equal(r.isError, true);
      assert.match(r.text, /needs the "event:read" scope/);
    });

    it('an unreachable Sentry: says so and to check the URL', async () => {
      const c = await open({ SENTRY_AUTH_TOKEN: fake.token }, ['--org', fake.state.org, '--base-url', `http://127.0.0.1:${closedPort}`]);
      const r = await ask(c, 'search_issues', {});
      assert.equal(r.isError, true);
      assert.match(r.text, new RegExp(`127\\.0\\.0\\.1:${closedPort} refused the connection while trying to list the issues.*Check that the Sentry URL is right and reachable`));
    });

    it('without the configuration the two tools are not offered; with part of it stderr says what is missing', async () => {
      const bare = await open({}, []);
      assert.ok(!(await bare.listTools()).tools.some((t) => t.name.endsWith('_issues') || t.name === 'get_issue'));
      const part: string[] = [];
      const t = stdio(closedPort, tmp.path, { SENTRY_AUTH_TOKEN: fake.token }, []);
      collectStderr(t, part);
      const c = await connect(t);
      clients.push(c);
      assert.equal((await c.listTools()).tools.length, 6);
      await waitFor(() => part.join('').includes('search_issues and get_issue are off'));
      assert.match(part.join(''), /sentry-lens mcp: search_issues and get_issue are off: give the organization slug with --org ORG \(or set SENTRY_ORG\)/);
      seen.push(...part);
    });
  });

  describe('over HTTP: /mcp of sentry-lens capture', () => {
    let client: Client;
    const ac = new AbortController();
    let done: Promise<number>;
    const err: string[] = [];
    before(async () => {
      const store = tempDir('sentry-lens-mcp-rest-store-');
      const io = { stdout: () => {}, stderr: (s: string) => err.push(s), env: { HOME: '/nonexistent-home', SENTRY_AUTH_TOKEN: fake.token, SENTRY_ORG: fake.state.org, SENTRY_URL: fake.url }, signal: ac.signal };
      done = captureCommand(['--port', '0', '--store', store.path], io).finally(() => store.remove());
      await waitFor(() => /listening on/.test(err.join('')));
      const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err.join(''))![1]!;
      client = await connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
    });
    after(async () => {
      await client?.close();
      ac.abort();
      assert.equal(await done, 0);
      seen.push(...err);
    });

    it('capture reads SENTRY_ORG and SENTRY_URL as issues does, and says which organization the tools read', async () => {
      assert.ok(err.join('').includes(`sentry-lens capture: search_issues and get_issue read organization "${fake.state.org}" at ${fake.url}`), err.join(''));
      assert.deepEqual((await client.listTools()).tools.slice(-2).map((t) => t.name), ['search_issues', 'get_issue']);
    });

    it('search_issues and get_issue answer the same, frames resolved against the folder capture started in', async () => {
      const list = await ask(client, 'search_issues', { limit: 3 });
      assert.match(list.text, /Showing the first 3 \(limit 3\); Sentry has more/);
      // The frame names src/checkout.ts; capture's folder is the repository, which has no such file: the deployed line is shown, said as such.
      const issue = await ask(client, 'get_issue', { issueId: fake.state.issues[0]!.shortId });
      assert.equal(issue.isError, false, issue.text);
      assert.match(issue.text, /`checkout` at `src\/checkout\.ts:5:10` \(no workspace file found\)/);
      assert.match(issue.text, /return charge\(total\.toFixed\(2\)\); \/\/ deployed/);
      assert.match(issue.text, /\(code as the SDK sent it; the workspace file was not found\)/);
      const bad = await ask(client, 'get_issue', { issueId: 'NOPE-1' });
      assert.equal(bad.isError, true);
    });
  });

  // Last: after every answer and every stderr line above was collected.
  describe('the auth token', () => {
    it('appears in no answer, error or stderr line', () => {
      assert.ok(seen.length > 20, `${seen.length} texts checked`);
      for (const text of seen) assert.ok(!text.includes(fake.token), text.slice(0, 200));
    });
  });
});
