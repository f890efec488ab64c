import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type FakeSentry, startFakeSentry } from '../fake-sentry/fakeSentry';
import { FIXTURES_DIR, responseSchema, validate } from '../fake-sentry/openApiValidator';

const ORG = '/api/0/organizations/{organization_id_or_slug}';
const example = (n: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'api', n), 'utf8'));

describe('api/fake Sentry answers in the shapes of Sentry\'s OpenAPI description', () => {
  let fake: FakeSentry;
  const get = async (p: string): Promise<{ status: number; body: unknown; link: string | null }> => {
    const res = await fetch(`${fake.url}${p}`, { headers: { authorization: `Bearer ${fake.token}` } });
    return { status: res.status, body: await res.json(), link: res.headers.get('link') };
  };

  before(async () => {
    fake = await startFakeSentry({
      issues: [{ status: 'resolved' }, { level: 'fatal' }, {}, { project: 'prime-mover' }, { status: 'ignored' }, {}, {}],
      frames: [{ absPath: '/w/src/a.ts', filename: 'src/a.ts', lineNo: 4, colNo: 2, inApp: true, context: [[4, 'boom();']] }],
    });
    fake.state.issues[2]!.assignedTo = { type: 'user', id: '1', name: 'John Doe', email: 'john.doe@example.com' };
  });
  after(() => fake.close());

  it('the validator accepts Sentry\'s own examples (so the check itself is sound)', () => {
    assert.deepEqual(validate(responseSchema(`${ORG}/issues/`), example('example-list-org-issues.json')), []);
    assert.deepEqual(validate(responseSchema(`${ORG}/issues/{issue_id}/`), example('example-issue.json')), []);
    assert.deepEqual(validate(responseSchema(`${ORG}/issues/{issue_id}/events/`), example('example-list-issue-events.json')), []);
    assert.deepEqual(validate(responseSchema(`${ORG}/issues/{issue_id}/events/{event_id}/`), example('example-issue-event-latest.json')), []);
  });

  it('the validator rejects answers that break the schema', () => {
    const good = example('example-list-org-issues.json') as Array<Record<string, unknown>>;
    const schema = responseSchema(`${ORG}/issues/`);
    const missing = structuredClone(good);
    delete missing[0]!.shortId;
    assert.match(validate(schema, missing).join('\n'), /missing required "shortId"/);
    const wrongType = structuredClone(good);
    wrongType[0]!.count = 150;
    assert.match(validate(schema, wrongType).join('\n'), /\$\[0\]\.count: expected string/);
    const badEnum = structuredClone(good);
    badEnum[0]!.status = 'solved';
    assert.match(validate(schema, badEnum).join('\n'), /not one of/);
    const notNullable = structuredClone(good);
    notNullable[0]!.title = null;
    assert.match(validate(schema, notNullable).join('\n'), /title: is null/);
    assert.throws(() => validate({ type: 'string', pattern: 'x' }, 'x'), /unsupported keyword "pattern"/);
  });

  it('organization issues: every page, every query', async () => {
    const schema = responseSchema(`${ORG}/issues/`);
    for (const q of ['', 'is:unresolved', 'is:resolved', 'is:ignored', 'level:fatal']) {
      let url: string | undefined = `/api/0/organizations/${fake.state.org}/issues/?limit=2&query=${encodeURIComponent(q)}`;
      let pages = 0;
      while (url && pages < 10) {
        const r = await get(url);
        assert.equal(r.status, 200);
        assert.deepEqual(validate(schema, r.body), [], `query "${q}" page ${pages}`);
        pages++;
        const next = /<([^>]+)>; rel="next"; results="true"/.exec(r.link ?? '');
        url = next ? new URL(next[1]!).pathname + new URL(next[1]!).search : undefined;
      }
      if (q === '') assert.equal(pages, 4, 'all 7 issues at 2 a page');
    }
  });

  it('issue detail, events, latest event (both path styles)', async () => {
    const id = fake.state.issues[2]!.id;
    for (const base of [`/api/0/organizations/${fake.state.org}/issues/${id}/`, `/api/0/issues/${id}/`]) {
      const detail = await get(base);
      assert.deepEqual(validate(responseSchema(`${ORG}/issues/{issue_id}/`), detail.body), []);
      const events = await get(`${base}events/`);
      assert.deepEqual(validate(responseSchema(`${ORG}/issues/{issue_id}/events/`), events.body), []);
      const latest = await get(`${base}events/latest/`);
      assert.deepEqual(validate(responseSchema(`${ORG}/issues/{issue_id}/events/{event_id}/`), latest.body), []);
    }
  });

  it('a short id resolved to its issue', async () => {
    assert.deepEqual(validate(responseSchema(`${ORG}/shortids/{issue_id}/`), example('example-resolve-shortid.json')), []);
    const issue = fake.state.issues[1]!;
    const r = await get(`/api/0/organizations/${fake.state.org}/shortids/${issue.shortId.toLowerCase()}/`);
    assert.equal(r.status, 200);
    assert.deepEqual(validate(responseSchema(`${ORG}/shortids/{issue_id}/`), r.body), []);
    assert.equal((r.body as { groupId: string }).groupId, issue.id);
    assert.equal((await get(`/api/0/organizations/${fake.state.org}/shortids/NOPE-1/`)).status, 404);
  });

  it('the deprecated project issues shape is satisfied too', async () => {
    const r = await get(`/api/0/organizations/${fake.state.org}/issues/`);
    assert.deepEqual(validate(responseSchema('/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/issues/'), r.body), []);
  });

  it('error answers carry Sentry\'s detail text', async () => {
    const noAuth = await fetch(`${fake.url}/api/0/organizations/${fake.state.org}/issues/`);
    assert.equal(noAuth.status, 401);
    assert.deepEqual(await noAuth.json(), { detail: 'Authentication credentials were not provided.' });
    const nf = await get('/api/0/organizations/nope/issues/');
    assert.equal(nf.status, 404);
    assert.deepEqual(nf.body, { detail: 'The requested resource does not exist' });
  });
});
