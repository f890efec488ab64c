import { strict as assert } from 'node:assert';
import { mayFollowRegion } from '../../../src/api/region';

describe('api/region: where the token may follow an organization', () => {
  const cases: Array<[string, string, boolean]> = [
    ['https://sentry.io', 'https://de.sentry.io', true],
    ['https://sentry.io', 'https://us.sentry.io/', true],
    ['https://sentry.io', 'https://sentry.io', true],
    ['https://SENTRY.io', 'https://De.Sentry.IO', true],
    ['http://127.0.0.1:9000', 'http://127.0.0.1:9001', true],
    ['https://sentry.io', 'https://evilsentry.io', false],
    ['https://sentry.io', 'https://sentry.io.example.com', false],
    ['https://sentry.io', 'http://de.sentry.io', false],
    ['https://sentry.io', 'https://user:pw@de.sentry.io', false],
    ['https://sentry.io', 'https://de.sentry.io/?next=x', false],
    ['https://sentry.io', 'javascript:alert(1)', false],
    ['https://sentry.io', 'not a url', false],
    ['https://sentry.example.com/sentry', 'https://other.example.com', false],
  ];
  for (const [base, region, ok] of cases) {
    it(`${ok ? 'follows' : 'does not follow'} ${region} from ${base}`, () => assert.equal(mayFollowRegion(base, region), ok));
  }
});
