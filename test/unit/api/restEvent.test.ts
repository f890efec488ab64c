import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eventSchema } from '../../../src/api/schemas';
import { topFrame, viewEvent } from '../../../src/sentry/event/eventView';

const api = path.join(__dirname, '../../../../shared/fixtures/api');

describe('api/latest event in the REST shape through viewEvent', () => {
  const raw = eventSchema.parse(JSON.parse(readFileSync(path.join(api, 'example-issue-event-latest.json'), 'utf8')));

  it('takes level and environment from the tags, where the REST API keeps them', () => {
    const v = viewEvent(raw);
    assert.equal(v.level, 'error');
    assert.equal(v.environment, 'prod');
    assert.equal(viewEvent({ ...raw, tags: [{ key: 'level', value: 'fatal' }] }).level, 'fatal');
    assert.equal(viewEvent({ ...raw, level: 'warning', tags: [{ key: 'level', value: 'fatal' }] }).level, 'warning', 'a top-level level wins');
  });

  it('reads the camelCase frames with their context', () => {
    const v = viewEvent(raw);
    assert.equal(v.eventId, '9999aaaaca8b46d797c23c6077c6ff01');
    assert.equal(v.release, 'b65bc521378269d3eaefdc964f8ef56621414943');
    const top = topFrame(v)!;
    assert.equal(top.lineno, 74);
    assert.equal(top.colno, 24);
    assert.equal(top.contextLine, '            me.trigger.apply(me, args);');
  });
});
