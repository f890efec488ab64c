import { strict as assert } from 'node:assert';
import { type SseMessage, SseReader } from '../../../../src/capture/http/sseReader';

describe('SseReader', () => {
  it('reads named events with ids, across chunks split anywhere and every line ending', () => {
    const got: SseMessage[] = [];
    const r = new SseReader((m) => got.push(m));
    const text = '\nevent: application/x-sentry-envelope\r\ndata: [1,\ndata: 2]\rid: 7\n\n: a comment\ndata:plain\n\n';
    for (const ch of text) r.push(ch);
    assert.deepEqual(got, [
      { event: 'application/x-sentry-envelope', data: '[1,\n2]', id: '7' },
      { event: 'message', data: 'plain', id: '7' },
    ]);
  });

  it('ignores a message without data and waits for the blank line', () => {
    const got: SseMessage[] = [];
    const r = new SseReader((m) => got.push(m));
    r.push('event: x\n\ndata: y');
    assert.deepEqual(got, []);
    r.push('\n\n');
    assert.deepEqual(got, [{ event: 'message', data: 'y', id: undefined }]);
  });
});
