import { strict as assert } from 'node:assert';
import { timeOfDay } from '../../../src/util/timeOfDay';

describe('timeOfDay', () => {
  // 2026-12-08T00:41:51.048Z, read at noon UTC: in Tokyo (UTC+9) the same day at 09:41; in New York (UTC-5) 19:41 the day before.
  const crumb = Date.parse('2026-12-08T00:41:51.048Z');
  const now = Date.parse('2026-12-08T12:00:00Z');

  it('shows the local time of day to the millisecond for a moment of today', () => {
    assert.equal(timeOfDay(crumb, { now, timeZone: 'UTC' }), '00:41:51.048');
    assert.equal(timeOfDay(crumb, { now, timeZone: 'Asia/Tokyo' }), '09:41:51.048');
  });

  it('puts the date in front when the moment is not of the day of now, where the reader is', () => {
    assert.equal(timeOfDay(crumb, { now, timeZone: 'America/New_York' }), '2026-12-07 19:41:51.048');
    assert.equal(timeOfDay(crumb, { now: now + 2 * 86_400_000, timeZone: 'UTC' }), '2026-12-08 00:41:51.048');
  });

  it('keeps milliseconds of a whole second and of a moment before 1970 right', () => {
    assert.equal(timeOfDay(Date.parse('2026-12-08T00:00:07Z'), { now, timeZone: 'UTC' }), '00:00:07.000');
    assert.equal(timeOfDay(-1, { now: 0, timeZone: 'UTC' }), '1969-12-31 23:59:59.999');
  });
});
