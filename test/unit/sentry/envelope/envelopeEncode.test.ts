import { strict as assert } from 'node:assert';
import { encodeEnvelope } from '../../../../src/sentry/envelope/envelope';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('encodeEnvelope', () => {
  it('writes the header line and each item with its byte length', () => {
    const bytes = encodeEnvelope({ event_id: '9ec79c33ec9942ab8353589fcb2e04dc' }, [{ headers: { type: 'event' }, payload: { message: 'hello' } }]);
    assert.equal(text(bytes), '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}\n{"type":"event","length":19}\n{"message":"hello"}\n');
  });

  it('counts bytes, not characters, and keeps strings and binary payloads as they are', () => {
    const bin = new Uint8Array([0, 10, 255, 13]);
    const bytes = encodeEnvelope({}, [
      { headers: { type: 'attachment', filename: 'a.bin' }, payload: bin },
      { headers: { type: 'event' }, payload: { m: 'é€😀' } },
      { headers: { type: 'attachment', length: 999 }, payload: 'ab\ncd' },
    ]);
    const expected = Buffer.concat([
      Buffer.from('{}\n{"type":"attachment","filename":"a.bin","length":4}\n'),
      Buffer.from(bin),
      Buffer.from('\n{"type":"event","length":17}\n{"m":"é€😀"}\n{"type":"attachment","length":5}\nab\ncd\n'),
    ]);
    assert.deepEqual(Buffer.from(bytes), expected);
    assert.equal(Buffer.byteLength('{"m":"é€😀"}'), 17);
  });

  it('writes a header-only envelope for no items', () => {
    assert.equal(text(encodeEnvelope({ dsn: 'x' }, [])), '{"dsn":"x"}\n');
  });
});
