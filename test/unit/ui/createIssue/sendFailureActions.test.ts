import { strict as assert } from 'node:assert';
import { sendFailureActions } from '../../../../src/ui/createIssue/sendFailureActions';
import { statusMenuItems } from '../../../../src/ui/status/statusMenuItems';
import { applyStatusEvent, initialStatus } from '../../../../src/ui/status/statusModel';

describe('the actions of a failed send', () => {
  it('offers the log, another DSN and local capture when the DSN cannot be reached', () => {
    assert.deepEqual(sendFailureActions('network', false), ['Show Log', 'Set DSN', 'Use Local Capture']);
    for (const kind of ['timeout', 'tls', 'auth', 'not-found', 'server', 'bad-request', 'unexpected'] as const) {
      assert.deepEqual(sendFailureActions(kind, false), ['Show Log', 'Set DSN', 'Use Local Capture'], kind);
    }
  });

  it('offers what the status-bar menu offers after the same failure', () => {
    const failed = applyStatusEvent(applyStatusEvent(initialStatus(), { type: 'dsn', label: '127.0.0.1:9/1' }), {
      type: 'sendFailed',
      at: 1,
      reason: 'could not connect to 127.0.0.1:9 (connection refused)',
      target: '127.0.0.1:9/1',
    });
    const menu = statusMenuItems(failed).map((i) => i.label.replace(/^\$\([^)]*\)\s*/, ''));
    for (const a of sendFailureActions('network', false)) {
      if (a !== 'Use Local Capture') assert.ok(menu.includes(a), `${a} is in the menu: ${menu.join(', ')}`);
    }
    assert.ok(menu.includes('Copy Local DSN') || menu.includes('Start Local Capture'));
  });

  it('does not offer local capture for an event that went there, nor another DSN when the DSN is not the problem', () => {
    assert.deepEqual(sendFailureActions('network', true), ['Show Log', 'Set DSN']);
    assert.deepEqual(sendFailureActions('rate-limited', false), ['Show Log', 'Use Local Capture']);
    assert.deepEqual(sendFailureActions('too-large', false), ['Show Log', 'Use Local Capture']);
    assert.deepEqual(sendFailureActions('settings', false), ['Show Log']);
  });
});
