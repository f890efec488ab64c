// Error tree benchmark: time to the first page of issue roots with 10,000
// stored events (the IssueIndex: grouping, summaries, sorting), against the
// naive way (view every event, group, summarise, sort on every render),
// measured in the same run; plus a filtered first page and an incremental
// update. Events are Sentry's own sample events (Python, Java, JavaScript,
// Ruby, PHP) varied into 10,000 events over a few hundred issues.
//
//   node --import tsx bench/tree.mjs [--events N]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const { IssueIndex } = await import('../src/capture/kinds/events/issueGroups.ts');
const { parseQuery, matchesQuery, SearchableEvent } = await import('../src/capture/kinds/events/query.ts');
const { viewEvent, topFrame, LEVELS } = await import('../src/sentry/event/eventView.ts');
const { groupKey } = await import('../src/sentry/event/grouping.ts');

const i = process.argv.indexOf('--events');
const EVENTS = i > 0 ? Number(process.argv[i + 1]) : 10_000;
const PAGE = 50;
const RUNS = 5;

const fixtures = join(import.meta.dirname, '../../shared/fixtures/samples');
const samples = ['python-modern.json', 'java.json', 'javascript.json', 'ruby.json', 'php.json', 'python.json'].map((f) => JSON.parse(readFileSync(join(fixtures, f), 'utf8')));

// 10,000 stored events as the capture path makes them (group key computed at capture time).
const envs = ['production', 'staging', 'development'];
const levels = ['error', 'error', 'error', 'warning', 'fatal', 'info'];
const t0 = Date.UTC(2026, 0, 1);
const events = [];
for (let n = 0; n < EVENTS; n++) {
  const base = structuredClone(samples[n % samples.length]);
  const id = n.toString(16).padStart(32, '0');
  base.event_id = id;
  base.timestamp = (t0 + n * 1000) / 1000;
  base.environment = envs[n % 3];
  base.release = `app@1.${n % 7}.0`;
  base.level = levels[n % levels.length];
  const ex = base.exception?.values ?? base['sentry.interfaces.Exception']?.values;
  if (ex?.length) ex[ex.length - 1].type = `${ex[ex.length - 1].type ?? 'Error'}${n % 300}`;
  else base.message = `job ${n % 50 === 0 ? 'crashed' : 'slow'} in worker ${['alpha', 'beta', 'gamma'][n % 3]}`;
  events.push({ id, receivedAt: t0 + n * 1000, source: 'envelope', groupKey: groupKey(viewEvent(base)), event: base });
}
const store = { list: () => events };
const query = parseQuery('level:[error,fatal] environment:production !has:nothing');
if (!query.ok) throw new Error(query.reason);
const textQuery = parseQuery('exception1 level:error');
if (!textQuery.ok) throw new Error(textQuery.reason);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t = performance.now();
  const out = fn();
  return [performance.now() - t, out];
};

/** What a tree would do without the index: view every event, group, summarise, sort, on every render. */
function naiveFirstPage(q) {
  const groups = new Map();
  for (const e of events) {
    const v = viewEvent(e.event);
    if (q && !matchesQuery(q, new SearchableEvent(e, { view: () => v }))) continue;
    const t = v.timestamp ?? e.receivedAt;
    const g = groups.get(e.groupKey);
    if (!g) groups.set(e.groupKey, { key: e.groupKey, count: 1, first: t, last: t, latest: v, level: v.level, envs: new Set([v.environment]), rels: new Set([v.release]) });
    else {
      g.count++;
      if (t > g.last) {
        g.last = t;
        g.latest = v;
      }
      if (t < g.first) g.first = t;
      if (LEVELS.indexOf(v.level) < LEVELS.indexOf(g.level)) g.level = v.level;
      g.envs.add(v.environment);
      g.rels.add(v.release);
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.last - a.last)
    .slice(0, PAGE)
    .map((g) => ({ title: g.latest.title, culprit: g.latest.culprit, topFrame: topFrame(g.latest), count: g.count }));
}

const cold = [];
const filteredCold = [];
const warm = [];
const incremental = [];
const naive = [];
const naiveFiltered = [];
const textFirst = [];
const textAgain = [];
const naiveText = [];
let issues = 0;
for (let run = 0; run < RUNS; run++) {
  // First page from a fresh index: every event grouped, the page's summaries built.
  const [ms, page] = time(() => new IssueIndex(store).issues({ limit: PAGE }));
  cold.push(ms);
  const idx = new IssueIndex(store);
  issues = idx.issues().length;
  filteredCold.push(time(() => idx.issues({ query: query.value, limit: PAGE }))[0]);
  warm.push(time(() => idx.issues({ limit: PAGE }))[0]);
  textFirst.push(time(() => idx.issues({ query: textQuery.value, limit: PAGE }))[0]);
  textAgain.push(time(() => idx.issues({ query: textQuery.value, limit: PAGE }))[0]);
  naiveText.push(time(() => naiveFirstPage(textQuery.value))[0]);
  // One new event arrives: add it and render the first page again.
  const extra = { ...events[run], id: `f${run}`.padStart(32, '0'), receivedAt: t0 + EVENTS * 1000 + run };
  incremental.push(time(() => (idx.add([extra]), idx.issues({ limit: PAGE })))[0]);
  naive.push(time(() => naiveFirstPage())[0]);
  naiveFiltered.push(time(() => naiveFirstPage(query.value))[0]);
  if (page.length !== Math.min(PAGE, issues)) throw new Error('short first page');
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;
console.log(`${EVENTS.toLocaleString('en-US')} stored events in ${issues} issues; first page = ${PAGE} roots; median of ${RUNS} runs.\n`);
console.log('| measure | IssueIndex | naive (view + group every render) | ratio | target |');
console.log('|---|---:|---:|---:|---|');
console.log(`| first page of roots, fresh index | ${fmt(median(cold))} | ${fmt(median(naive))} | ${(median(naive) / median(cold)).toFixed(1)}x | < 50 ms |`);
console.log(`| first page, filtered \`level:[error,fatal] environment:production\` (cheap fields, no full view) | ${fmt(median(filteredCold))} | ${fmt(median(naiveFiltered))} | ${(median(naiveFiltered) / median(filteredCold)).toFixed(1)}x | |`);
console.log(`| first page, free-text filter \`exception1 level:error\`, first time (events passing \`level:error\` viewed, then cached) | ${fmt(median(textFirst))} | ${fmt(median(naiveText))} | ${(median(naiveText) / median(textFirst)).toFixed(1)}x | |`);
console.log(`| same free-text filter again (cached views) | ${fmt(median(textAgain))} | ${fmt(median(naiveText))} | ${(median(naiveText) / median(textAgain)).toFixed(1)}x | |`);
console.log(`| first page again (unchanged) | ${fmt(median(warm))} | ${fmt(median(naive))} | ${(median(naive) / median(warm)).toFixed(0)}x | |`);
console.log(`| one new event, then the first page | ${fmt(median(incremental))} | ${fmt(median(naive))} | ${(median(naive) / median(incremental)).toFixed(0)}x | |`);
