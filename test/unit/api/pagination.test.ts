import { strict as assert } from 'node:assert';
import { nextCursor, parseLinkHeader } from '../../../src/api/pagination';

// The shape Sentry's REST API sends (docs.sentry.io/api/pagination/).
const MIDDLE =
  '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=1735689600000:0:1>; rel="previous"; results="true"; cursor="1735689600000:0:1", ' +
  '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=1735689600000:100:0>; rel="next"; results="true"; cursor="1735689600000:100:0"';
const LAST =
  '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=0:100:1>; rel="previous"; results="true"; cursor="0:100:1", ' +
  '<https://sentry.io/api/0/organizations/acme/issues/?&cursor=0:200:0>; rel="next"; results="false"; cursor="0:200:0"';

describe('api/pagination', () => {
  it('reads both links of a Sentry Link header', () => {
    const links = parseLinkHeader(MIDDLE);
    assert.equal(links.length, 2);
    assert.deepEqual(links[0], {
      url: 'https://sentry.io/api/0/organizations/acme/issues/?&cursor=1735689600000:0:1',
      rel: 'previous',
      results: true,
      cursor: '1735689600000:0:1',
    });
    assert.equal(links[1]!.rel, 'next');
  });

  it('follows next only while results="true"', () => {
    assert.equal(nextCursor(MIDDLE), '1735689600000:100:0');
    assert.equal(nextCursor(LAST), undefined);
  });

  it('takes the cursor from the URL when the cursor parameter is missing', () => {
    assert.equal(nextCursor('<https://example.com/api/0/x/?cursor=0%3A5%3A0>; rel="next"; results="true"'), '0:5:0');
  });

  it('treats a missing, empty or malformed header as the last page', () => {
    assert.equal(nextCursor(undefined), undefined);
    assert.equal(nextCursor(''), undefined);
    assert.equal(nextCursor('garbage; rel=next'), undefined);
    assert.deepEqual(parseLinkHeader('<https://x/>; results="true"'), []);
  });
});
