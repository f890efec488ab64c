import { strict as assert } from 'node:assert';
import { cliRestTools } from '../../../src/cli/restToolsSource';
import { readRestConfig, restWanted } from '../../../src/cli/restConfig';

describe('cli/REST configuration: issues, and the REST tools of mcp and capture', () => {
  const flags = (over: { org?: string; 'base-url'?: string; project?: string[] } = {}) => ({ project: [], ...over });

  it('reads the token from SENTRY_AUTH_TOKEN, the URL and organization from the flags or SENTRY_URL and SENTRY_ORG', () => {
    assert.deepEqual(readRestConfig(flags({ org: 'acme', project: ['web'] }), { SENTRY_AUTH_TOKEN: ' t0k3n ' }), {
      ok: true,
      value: { baseUrl: 'https://sentry.io', token: 't0k3n', org: 'acme', projects: ['web'] },
    });
    const env = { SENTRY_AUTH_TOKEN: 't', SENTRY_URL: 'https://de.sentry.io/', SENTRY_ORG: 'acme' };
    assert.deepEqual(readRestConfig(flags(), env), { ok: true, value: { baseUrl: 'https://de.sentry.io', token: 't', org: 'acme', projects: [] } });
    assert.equal((readRestConfig(flags({ org: 'other', 'base-url': 'https://sentry.example.com' }), env) as { value: { org: string } }).value.org, 'other');
  });

  it('says what is missing or wrong', () => {
    const reason = (f: ReturnType<typeof flags>, env: Record<string, string>) => (readRestConfig(f, env) as { reason: string }).reason;
    assert.match(reason(flags({ org: 'acme' }), {}), /set SENTRY_AUTH_TOKEN/);
    assert.match(reason(flags(), { SENTRY_AUTH_TOKEN: 't' }), /--org ORG \(or set SENTRY_ORG\)/);
    assert.match(reason(flags({ org: 'a/b' }), { SENTRY_AUTH_TOKEN: 't' }), /"a\/b" is not an organization slug/);
    assert.match(reason(flags({ org: 'acme', project: ['x y'] }), { SENTRY_AUTH_TOKEN: 't' }), /"x y" is not a project slug/);
    assert.match(reason(flags({ org: 'acme', 'base-url': 'ftp://x' }), { SENTRY_AUTH_TOKEN: 't' }), /must start with https:\/\//);
  });

  it('mcp and capture: no REST tools and no note without any of it; a note without the token in it when part is missing', async () => {
    assert.equal(restWanted(flags(), {}), false);
    const err: string[] = [];
    const io = (env: Record<string, string>) => ({ stdout: () => {}, stderr: (s: string) => err.push(s), env });
    const none = cliRestTools('mcp', flags(), io({}));
    assert.deepEqual([none.source, err], [undefined, []]);
    const part = cliRestTools('mcp', flags(), io({ SENTRY_AUTH_TOKEN: 'sntryu_secret_value' }));
    assert.equal(part.source, undefined);
    assert.deepEqual(err, ['sentry-lens mcp: search_issues and get_issue are off: give the organization slug with --org ORG (or set SENTRY_ORG)\n']);
    const full = cliRestTools('capture', flags({ org: 'acme' }), io({ SENTRY_AUTH_TOKEN: 'sntryu_secret_value' }));
    const target = await full.source!.target();
    assert.deepEqual([target?.org, target?.projects], ['acme', []]);
    assert.match(err.at(-1)!, /^sentry-lens capture: search_issues and get_issue read organization "acme" at https:\/\/sentry\.io\n$/);
    assert.ok(!err.join('').includes('sntryu_secret_value') && !full.source!.howToConfigure.includes('sntryu_secret_value'));
    await full.close();
  });
});
