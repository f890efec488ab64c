import { strict as assert } from 'node:assert';
import { SentryError } from '../../../../src/sentry/errors';
import { failureMessage } from '../../../../src/ui/common/failureMessage';

describe('failureMessage', () => {
  it('an unexpected failure: the pop-up says the details are in the Sentry log, and the log has its cause', () => {
    const lines: string[] = [];
    const cause = Object.assign(new Error('EACCES: permission denied, open /store/events.log'), { code: 'EACCES' });
    const shown = failureMessage({ error: (m) => lines.push(m) }, 'could not open the event', new Error('read failed', { cause }));
    assert.equal(shown, 'Sentry: could not open the event: an unexpected error occurred (details are in the Sentry log)');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^could not open the event: Error: read failed <- caused by: Error \[EACCES\]: EACCES: permission denied, open \/store\/events\.log\n\s+at /);
  });

  it('one of ours: the pop-up has its sentence, the log the sentence and what caused it', () => {
    const lines: string[] = [];
    const e = new SentryError('network', 'cannot reach sentry.example.com: connection refused (ECONNREFUSED)', {
      cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }),
    });
    const shown = failureMessage({ error: (m) => lines.push(m) }, 'could not resolve SHOP-1', e);
    assert.equal(shown, 'Sentry: could not resolve SHOP-1: cannot reach sentry.example.com: connection refused (ECONNREFUSED)');
    assert.match(lines[0]!, /^could not resolve SHOP-1: cannot reach sentry\.example\.com: connection refused \(ECONNREFUSED\) \(cause: Error \[ECONNREFUSED\]: connect ECONNREFUSED 10\.0\.0\.1:443/);
  });
});
