import { strict as assert } from 'node:assert';
import { compileSearch } from '../../../../src/sentry/search/compile';
import type { KeyTable } from '../../../../src/sentry/search/keys';
import { type SearchableLog, logKeyTable } from '../../../../src/sentry/search/logKeys';
import { type SearchableTrace, traceKeyTable } from '../../../../src/sentry/search/traceKeys';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const T = 'a'.repeat(32);

const logs: Array<SearchableLog & { name: string }> = [
  { name: 'timeout', timestamp: NOW - 10 * 60_000, level: 'error', body: 'upstream timeout after 30s', traceId: T, spanId: 'b'.repeat(16), attributes: { 'http.method': { value: 'POST', type: 'string' }, region: 'eu-west-1', retries: 3 } },
  { name: 'login', timestamp: (NOW - 3 * 3_600_000) / 1000, level: 'info', body: 'user logged in', attributes: { region: 'us-east-1', 'user.id': 'u-1' } },
  { name: 'slow', timestamp: NOW - 60_000, level: 'WARNING', body: 'slow query on orders', traceId: 'c'.repeat(32), attributes: { 'db.system': 'postgresql', level: 'custom' } },
];
const traces: Array<SearchableTrace & { name: string }> = [
  { name: 'checkout', traceId: T, rootName: 'POST /checkout', rootOp: 'http.server', startTimestamp: NOW - 5 * 60_000, durationMs: 1250, spanCount: 14, errorCount: 1 },
  { name: 'health', traceId: 'd'.repeat(32), rootName: 'GET /health', rootOp: 'http.server', startTimestamp: NOW - 30_000, durationMs: 3, spanCount: 1, errorCount: 0 },
  { name: 'job', traceId: 'e'.repeat(32), rootName: 'nightly-report', rootOp: 'task', startTimestamp: (NOW - 2 * 86_400_000) / 1000, durationMs: 95_000, spanCount: 220, errorCount: 0 },
];

function select<R>(table: KeyTable<R>, records: Array<R & { name: string }>, query: string): string[] {
  const q = compileSearch(query, table, { now: NOW });
  if (!q.ok) throw new Error(`${query}: ${q.reason}`);
  return records.filter((r) => q.value.test(r)).map((r) => r.name);
}
const logsOf = (q: string) => select(logKeyTable, logs, q);
const tracesOf = (q: string) => select(traceKeyTable, traces, q);
function refused<R>(table: KeyTable<R>, query: string): { reason: string; start: number } {
  const q = compileSearch(query, table, { now: NOW });
  assert.equal(q.ok, false, query);
  return q.ok ? { reason: '', start: -1 } : q;
}

describe('log search keys', () => {
  it('level (with aliases), body and free text, trace and span', () => {
    assert.deepEqual(logsOf('level:error'), ['timeout']);
    assert.deepEqual(logsOf('level:warn OR level:info'), ['login', 'slow']);
    assert.deepEqual(logsOf('level:warning'), ['slow']);
    assert.deepEqual(logsOf('body:timeout'), ['timeout']);
    assert.deepEqual(logsOf('message:"logged in"'), ['login']);
    assert.deepEqual(logsOf('slow OR upstream'), ['timeout', 'slow']);
    assert.deepEqual(logsOf(`trace:${T}`), ['timeout']);
    assert.deepEqual(logsOf('has:trace !has:span'), ['slow']);
    assert.deepEqual(logsOf('span.id:bbbb*'), ['timeout']);
  });

  it('attributes by name, typed or plain, and attributes[name] for names that are keys', () => {
    assert.deepEqual(logsOf('http.method:post'), ['timeout']);
    assert.deepEqual(logsOf('region:*-1 !region:us-*'), ['timeout']);
    assert.deepEqual(logsOf('retries:3'), ['timeout']);
    assert.deepEqual(logsOf('attributes[level]:custom'), ['slow']);
    assert.deepEqual(logsOf('has:db.system'), ['slow']);
  });

  it('timestamps in ms or seconds, relative and absolute', () => {
    assert.deepEqual(logsOf('timestamp:-1h'), ['timeout', 'slow']);
    assert.deepEqual(logsOf('timestamp:+2h'), ['login']);
    assert.deepEqual(logsOf('timestamp:2026-11-29 timestamp:<2026-11-29T11:00'), ['login']);
  });

  it('refuses what it cannot take, with the position', () => {
    assert.match(refused(logKeyTable, 'level:loud').reason, /unknown log level "loud": use one of trace, debug, info, warn, error, fatal \(at position 7\)/);
    const typo = refused(logKeyTable, 'x bodi:timeout');
    assert.match(typo.reason, /unknown key "bodi" at position 3 for logs: did you mean body\?/);
    assert.equal(typo.start, 2);
    assert.match(refused(logKeyTable, 'levle:error').reason, /unknown key "levle" at position 1 for logs: did you mean level\?/);
    const read = compileSearch('region:eu', logKeyTable);
    assert.ok(read.ok);
    assert.deepEqual(
      read.value.notes.map((n) => n.message),
      ['"region" is not one of the log keys: read as the attribute region (write attributes[region] to say so) (position 1)'],
    );
    assert.match(refused(logKeyTable, 'region:>3').reason, /"region" at position 1 is text/);
    assert.match(refused(logKeyTable, 'attributes[]:x').reason, /needs an attribute name/);
  });
});

describe('trace search keys', () => {
  it('duration with units, op, transaction, has:error', () => {
    assert.deepEqual(tracesOf('duration:>500ms'), ['checkout', 'job']);
    assert.deepEqual(tracesOf('duration:<=1.25s'), ['checkout', 'health']);
    assert.deepEqual(tracesOf('duration:>1m'), ['job']);
    assert.deepEqual(tracesOf('transaction.duration:>=3 duration:<10'), ['health']);
    assert.deepEqual(tracesOf('op:http.server'), ['checkout', 'health']);
    assert.deepEqual(tracesOf('transaction:"POST /checkout"'), ['checkout']);
    assert.deepEqual(tracesOf('transaction:GET*'), ['health']);
    assert.deepEqual(tracesOf('has:error'), ['checkout']);
    assert.deepEqual(tracesOf('!has:error op:http.*'), ['health']);
    assert.deepEqual(tracesOf('errors:0 spans:>100'), ['job']);
  });

  it('trace ids, free text and time', () => {
    assert.deepEqual(tracesOf(`trace.id:${T}`), ['checkout']);
    assert.deepEqual(tracesOf('nightly OR health'), ['health', 'job']);
    assert.deepEqual(tracesOf('timestamp:-1h'), ['checkout', 'health']);
    assert.deepEqual(tracesOf('timestamp:<2026-11-28'), ['job']);
  });

  it('knows only its keys, and says so with the position', () => {
    const r = refused(traceKeyTable, 'op:task duraton:>1s');
    assert.match(r.reason, /unknown key "duraton" at position 9 for traces: did you mean duration\?/);
    assert.equal(r.start, 8);
    assert.match(refused(traceKeyTable, 'level:error').reason, /the keys for traces are trace, transaction, op, duration, timestamp, spans, error/);
    assert.match(refused(traceKeyTable, 'duration:fast').reason, /"fast" at position 10 is not a duration \(500ms, 2s, 1.5m, 1h\)/);
    assert.match(refused(traceKeyTable, 'duration:5parsecs').reason, /is not a duration/);
  });
});
