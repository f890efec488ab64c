import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { type FakeSentry, startFakeSentry } from '../fake-sentry/fakeSentry';

const root = path.join(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string | undefined>): Promise<Run> {
  return new Promise((resolve) => {
    const clean = { ...process.env, SENTRY_AUTH_TOKEN: undefined, SENTRY_URL: undefined, SENTRY_ORG: undefined, ...env };
    execFile(process.execPath, [cli, 'issues', ...args], { env: clean as NodeJS.ProcessEnv, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('cli: sentry-lens issues', () => {
  let fake: FakeSentry;
  let env: Record<string, string>;

  before(async function () {
    this.timeout(120_000);
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'pipe' });
    fake = await startFakeSentry({ issues: 5 });
    env = { SENTRY_AUTH_TOKEN: fake.token };
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.state.faults.length = 0;
  });

  it('prints a table: short id, level, count, last seen, title', async () => {
    const r = await run(['--base-url', fake.url, '--org', fake.state.org], env);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^SHORT ID\s+LEVEL\s+COUNT\s+LAST SEEN \(UTC\)\s+TITLE$/);
    assert.equal(lines.length, 6);
    const first = fake.state.issues[0]!;
    assert.match(lines[1]!, new RegExp(`^${first.shortId}\\s+${first.level}\\s+${first.count}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+${first.title}$`));
    assert.ok(!r.stdout.includes(fake.token) && !r.stderr.includes(fake.token));
  });

  it('prints JSON with --json and honours --project, --query and --limit', async () => {
    const r = await run(['--base-url', fake.url, '--org', fake.state.org, '--project', 'pump-station', '--query', 'is:unresolved', '--limit', '2', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const issues = JSON.parse(r.stdout) as Array<{ project: { slug: string }; shortId: string }>;
    assert.equal(issues.length, 2);
    assert.ok(issues.every((i) => i.project.slug === 'pump-station'));
    assert.match(r.stderr, /showing the first 2 issues/);
  });

  it('reads the base URL and organization from SENTRY_URL and SENTRY_ORG', async () => {
    const r = await run(['--json'], { ...env, SENTRY_URL: fake.url, SENTRY_ORG: fake.state.org });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as unknown[]).length, 5);
  });

  it('fails clearly without a token, and takes no --token flag', async () => {
    const r = await run(['--base-url', fake.url, '--org', fake.state.org], {});
    assert.equal(r.code, 2);
    assert.match(r.stderr, /set SENTRY_AUTH_TOKEN/);
    const flag = await run(['--token', 'x', '--org', 'o'], env);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /unknown option --token/);
  });

  const badInput: Array<[string[], RegExp]> = [
    [['--org', 'o', '--limit', '0'], /--limit must be a whole number from 1 to 1000/],
    [['--org', 'o', '--limit', 'many'], /--limit must be/],
    [['--base-url', 'sentry.io', '--org', 'o'], /not a URL/],
    [[], /--org ORG/],
    [['--org', 'a b'], /not an organization slug/],
    [['--org', 'o', '--project', 'x/y'], /not a project slug/],
    [['--org', 'o', 'extra'], /unexpected argument "extra"/],
    [['--org', 'o', '--query', 'is:unresolved OR'], /--query: "OR" at position 15 needs a term after it/],
    [['--org', 'o', '-q', '(level:error'], /--query: the "\(" at position 1 is never closed/],
  ];
  for (const [args, reason] of badInput) {
    it(`rejects ${JSON.stringify(args)} with a reason and exit 2`, async () => {
      const r = await run(args, env);
      assert.equal(r.code, 2);
      assert.match(r.stderr, reason);
    });
  }

  it('reports API errors with the same messages as the extension, exit 1', async () => {
    const r401 = await run(['--base-url', fake.url, '--org', fake.state.org], { SENTRY_AUTH_TOKEN: 'sntryu_definitely_wrong' });
    assert.equal(r401.code, 1);
    assert.match(r401.stderr, /invalid or expired/);
    assert.ok(!r401.stderr.includes('sntryu_definitely_wrong'));
    const r404 = await run(['--base-url', fake.url, '--org', 'nope'], env);
    assert.equal(r404.code, 1);
    assert.match(r404.stderr, /organization "nope"/);
    const project = await run(['--base-url', fake.url, '--org', fake.state.org, '-p', 'ghost'], env);
    assert.match(project.stderr, /no project "ghost"/);
    fake.state.injectFault({ kind: 'rate-limit', resetInSeconds: 30 });
    const r429 = await run(['--base-url', fake.url, '--org', fake.state.org], env);
    assert.equal(r429.code, 1);
    assert.match(r429.stderr, /rate limit was reached; run the command again in 3\d s/);
  });

  it('waits out a 429 on the second page and lists every issue (--limit 1000)', async function () {
    this.timeout(60_000);
    const many = await startFakeSentry({ issues: 150 });
    try {
      many.state.injectFault({ kind: 'rate-limit', resetInSeconds: 2, header: 'retry-after', skip: 1 });
      const r = await run(['--base-url', many.url, '--org', many.state.org, '--limit', '1000'], { SENTRY_AUTH_TOKEN: many.token });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trimEnd().split('\n').length, 151, 'a header and every one of the 150 issues');
      assert.deepEqual(many.state.requests.filter((q) => q.path.endsWith('/issues/')).map((q) => q.status), [200, 429, 200]);
    } finally {
      await many.close();
    }
  });

  it('prints help with --help', async () => {
    const r = await run(['--help'], {});
    assert.equal(r.code, 0);
    assert.match(r.stdout, /SENTRY_AUTH_TOKEN/);
    assert.match(r.stdout, /--project P/);
  });
});
