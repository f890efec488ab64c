/**
 * A moment as a person reads it next to others of the same day: the local
 * time of day to the millisecond ("14:05:09.048"), with the date in front
 * when it is not the day of `now` ("2026-12-07 23:59:58.120"). One format for
 * every list of times (breadcrumbs in the details view and the Debug
 * Console). Pure: the clock and the time zone are passed in.
 */
export function timeOfDay(ms: number, opts: { now: number; timeZone?: string }): string {
  const at = parts(ms, opts.timeZone);
  const today = parts(opts.now, opts.timeZone);
  const time = `${at.hour}:${at.minute}:${at.second}.${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}`;
  return at.date === today.date ? time : `${at.date} ${time}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function parts(ms: number, timeZone: string | undefined): { date: string; hour: string; minute: string; second: string } {
  const key = timeZone ?? '';
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    formats.set(key, f);
  }
  const p: Record<string, string> = {};
  for (const { type, value } of f.formatToParts(ms)) p[type] = value;
  return { date: `${p.year}-${p.month}-${p.day}`, hour: p.hour!, minute: p.minute!, second: p.second! };
}
