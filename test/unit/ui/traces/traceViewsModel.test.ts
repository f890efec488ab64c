import { strict as assert } from 'node:assert';
import type { StoredSpan } from '../../../../src/capture/kinds/traces/storedSpan';
import type { StoredLog } from '../../../../src/capture/kinds/logs/storedLog';
import { logLine, logsFilter } from '../../../../src/ui/logs/logsFilter';
import { parseLogsMessage } from '../../../../src/ui/logs/logsMessage';
import { formatDuration, plural } from '../../../../src/ui/traces/traceFormat';
import { traceIdOf } from '../../../../src/sentry/records/spanRecord';
import { parseWaterfallMessage } from '../../../../src/ui/traces/waterfallMessage';
import { codeLocationOf, waterfallPage } from '../../../../src/ui/traces/waterfallModel';

const TRACE = 'a'.repeat(32);
const span = (id: string, parent: string | null, start: number, end: number, extra: Partial<StoredSpan> = {}): StoredSpan => ({
  traceId: TRACE,
  spanId: id.padStart(16, '0'),
  parentSpanId: parent === null ? null : parent.padStart(16, '0'),
  op: 'op',
  name: `span ${id}`,
  startTimestamp: start,
  timestamp: end,
  status: 'ok',
  isSegment: parent === null,
  attributes: {},
  receivedAt: 0,
  ...extra,
});
const log = (level: StoredLog['level'], body: string, attributes: StoredLog['attributes'] = {}): StoredLog => ({ timestamp: 1_700_000_000, level, body, traceId: TRACE, spanId: null, attributes, receivedAt: 0 });

describe('ui/traces: what the Traces and Logs views show', () => {
  it('formats durations and counts', () => {
    assert.deepEqual([0.25, 12.4, 1250, 61_000, -1].map(formatDuration), ['0.25 ms', '12 ms', '1.25 s', '1 min 1 s', '?']);
    assert.equal(plural(1, 'span'), '1 span');
    assert.equal(plural(1200, 'span'), '1,200 spans');
  });

  it('lays a trace out as rows in tree order, marks orphans and spans with code, and says so in the summary', () => {
    const spans = [
      span('1', null, 100, 100.5),
      span('3', '2', 100.2, 100.3, { attributes: { 'code.filepath': '/srv/app/a.js', 'code.lineno': 7 } }),
      span('2', '1', 100.1, 100.4, { status: 'internal_error' }),
      span('9', 'f', 100.05, 100.06),
    ];
    const { page, ordered } = waterfallPage({ traceId: TRACE, spans: [], errors: [{ id: 'b'.repeat(32), title: 'Boom', level: 'error' }], logs: [] }, spans);
    assert.deepEqual(ordered.map((s) => s.name), ['span 1', 'span 2', 'span 3', 'span 9']);
    assert.deepEqual(page.rows.map((r) => [r[0], r[6], r[7]]), [[0, 0, 0], [1, 0, 0], [2, 0, 1], [0, 1, 0]]);
    assert.equal(page.rows[1]![5], 'internal_error');
    assert.ok(Math.abs(page.rows[1]![1] - 100) < 1e-6, 'offset from the trace start in ms');
    assert.equal(page.title, 'op: span 1');
    assert.match(page.summary, /^500 ms · 4 spans · 1 error · 1 whose parent never arrived · trace a{32}$/);
    assert.deepEqual(codeLocationOf({ 'code.filepath': '/x.py', 'code.lineno': 3, 'code.function': 'f' }), { file: '/x.py', line: 3, function: 'f' });
    assert.equal(codeLocationOf({ 'code.lineno': 3 }), undefined);
  });

  it('filters logs by lowest level and by the search language, and says why a query cannot be read', () => {
    const logs = [log('debug', 'cart loaded'), log('info', 'checkout started', { region: 'eu-west' }), log('error', 'discount rejected')];
    const run = (q: string, level = 'trace') => {
      const f = logsFilter(q, level);
      assert.ok(f.ok, f.ok ? '' : f.reason);
      return logs.filter(f.test).map((l) => l.body);
    };
    assert.deepEqual(run('', 'info'), ['checkout started', 'discount rejected']);
    assert.deepEqual(run('level:error OR region:eu-*'), ['checkout started', 'discount rejected']);
    assert.deepEqual(run(`trace:${TRACE} body:*loaded*`), ['cart loaded']);
    const bad = logsFilter('level:nonsense', 'trace');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(bad.reason, /unknown log level "nonsense"/);
    // A transposed key is a slip, refused with the key it was meant to be; a name far from every key is an attribute, and says so.
    const slip = logsFilter('levle:error', 'trace');
    assert.equal(slip.ok, false);
    if (!slip.ok) assert.match(slip.reason, /unknown key "levle" at position 1 for logs: did you mean level\?/);
    const attr = logsFilter('region:eu-*', 'trace');
    assert.ok(attr.ok);
    assert.deepEqual(logs.filter(attr.test).map((l) => l.body), ['checkout started']);
    assert.match(attr.note ?? '', /"region" is not one of the log keys: read as the attribute region/);
    assert.equal((logsFilter('level:error', 'trace') as { note?: string }).note, undefined);
    assert.deepEqual(logLine(logs[0]!), [1_700_000_000, 'debug', 'cart loaded', TRACE, '']);
  });

  it('reads an error\'s trace id and refuses anything but the pages\' own messages', () => {
    assert.equal(traceIdOf({ contexts: { trace: { trace_id: TRACE.toUpperCase() } } }), TRACE);
    assert.equal(traceIdOf({ contexts: { trace: { trace_id: 'nope' } } }), undefined);
    assert.equal(traceIdOf(null), undefined);
    assert.ok(parseWaterfallMessage({ type: 'openSpan', index: 3 }).ok);
    for (const bad of [{ type: 'openSpan', index: -1 }, { type: 'openError', id: '../x' }, { type: 'run', command: 'x' }, { type: 'ready', extra: 1 }]) assert.equal(parseWaterfallMessage(bad).ok, false, JSON.stringify(bad));
    assert.ok(parseLogsMessage({ type: 'filter', query: 'level:error', level: 'warn' }).ok);
    for (const bad of [{ type: 'filter', query: 'x', level: 'loud' }, { type: 'openTrace', traceId: 'javascript:1' }, { type: 'filter', query: 'x'.repeat(3000), level: 'info' }]) assert.equal(parseLogsMessage(bad).ok, false, JSON.stringify(bad));
  });
});

describe('ui/traces: the page scripts', () => {
  it('never turn text into markup and only post their known messages', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    for (const [file, known] of [['waterfall.js', ['openError', 'openSpan', 'ready', 'showLogs']], ['logs.js', ['filter', 'openTrace', 'ready']]] as const) {
      const script = readFileSync(join(__dirname, '../../../../media/traces', file), 'utf8');
      assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/.test(script), `${file}: no markup sinks`);
      const posted = [...new Set([...script.matchAll(/type: '([a-zA-Z]+)'/g)].map((m) => m[1]))].sort();
      assert.deepEqual(posted, [...known], file);
    }
  });
});
