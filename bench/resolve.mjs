// Frame resolution benchmark: builds a synthetic 100,000-file workspace in a
// temp folder, times the index build and the resolution of 10,000 frames, and
// compares with the naive way (scan the whole file list for every frame),
// measured in the same run. The naive way is timed on a sample of frames and
// extrapolated to 10,000 (said in the output). The temp folder is deleted.
//
//   node --import tsx bench/resolve.mjs [--files N] [--frames N] [--naive N] [--fresh-runs N]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { numberArg } from './childProcesses.mjs';

const { FrameResolver } = await import('../src/source/resolver/frameResolver.ts');
const { normalizeFramePath } = await import('../src/source/index/pathNormalize.ts');

const loadStart = (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(', ');
const FILES = numberArg('--files', 100_000);
const FRAMES = numberArg('--frames', 10_000);
const NAIVE_SAMPLE = numberArg('--naive', 200);
const HOT = 1_000; // files with content, which frames with context lines point into

// A seeded generator, so every run builds the same tree and frames.
let seed = 0x9e3779b9;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const root = mkdtempSync(join(tmpdir(), 'sentry-lens-bench-resolve-'));
const cleanup = () => rmSync(root, { recursive: true, force: true });
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

// Layout: pkgP/src/modM/subS/{index.ts + 9 names from a shared pool}; many basenames repeat (index.ts in every folder).
const NAMES = Array.from({ length: 3000 }, (_, i) => `${['user', 'order', 'cart', 'auth', 'db', 'http', 'view', 'util'][i % 8]}${i}.ts`);
const PER_DIR = 10;
const dirs = Math.ceil(FILES / PER_DIR);
const rel = [];
let t = performance.now();
for (let d = 0; d < dirs; d++) {
  const dir = `pkg${d % 20}/src/mod${Math.floor(d / 20) % 50}/sub${Math.floor(d / 1000)}`;
  mkdirSync(join(root, dir), { recursive: true });
  const names = new Set(['index.ts']);
  while (names.size < PER_DIR) names.add(pick(NAMES));
  for (const n of names) {
    if (rel.length >= FILES) break;
    rel.push(`${dir}/${n}`);
  }
}
const LINES = Array.from({ length: 40 }, (_, i) => `export const value${i} = compute(${i}); // line ${i + 1}`);
const hot = new Set();
while (hot.size < Math.min(HOT, rel.length)) hot.add(Math.floor(rand() * rel.length));
for (let i = 0; i < rel.length; i++) writeFileSync(join(root, rel[i]), hot.has(i) ? LINES.join('\n') : '');
const writeMs = performance.now() - t;
// Flush the tree just written so its write-back does not slow the timed file-system calls below.
spawnSync('sync');

// Frames as they arrive from elsewhere: half with context lines (into the hot files), a mix of path styles.
const hotList = [...hot];
const frames = [];
for (let i = 0; i < FRAMES; i++) {
  const withContext = i % 2 === 0;
  const file = rel[withContext ? pick(hotList) : Math.floor(rand() * rel.length)];
  const lineno = 1 + Math.floor(rand() * 40);
  const style = i % 10;
  const absPath = style < 7 ? `/srv/deploy/app/${file}` : style < 9 ? `webpack:///./${file}` : `/mapped/${file.split('/').slice(1).join('/')}`;
  const f = { absPath, filename: file.split('/').pop(), lineno, colno: 5, inApp: true, function: 'fn' };
  if (withContext) f.contextLine = LINES[lineno - 1];
  frames.push(f);
}
const mappings = [{ stackRoot: '/mapped/', sourceRoot: 'pkg3' }];

// ---- indexed -------------------------------------------------------------
// Wall time, and the CPU time of this process (the machine may be shared: CPU time shows the work itself).
const cpuMs = (u) => (u.user + u.system) / 1000;
const builds = [];
let resolver;
for (let run = 0; run < 3; run++) {
  resolver = new FrameResolver({ roots: [root], mappings });
  const c = process.cpuUsage();
  t = performance.now();
  await resolver.buildIndex();
  builds.push([performance.now() - t, cpuMs(process.cpuUsage(c))]);
}
const [buildMs, buildCpu] = builds.sort((a, b) => a[0] - b[0])[1];

// Two ways to resolve the frames: one `resolveMany` call for all of them (the batch entry point, as the Problems
// panel and the CLI use it), and one awaited `resolve` call per frame.
const timeResolve = async (r, keep, batch = true) => {
  const c = process.cpuUsage();
  const t0 = performance.now();
  let out;
  if (batch) out = await r.resolveMany(frames);
  else {
    out = keep ? [] : undefined;
    for (const f of frames) {
      const res = await r.resolve(f);
      out?.push(res);
    }
  }
  return { ms: performance.now() - t0, cpu: cpuMs(process.cpuUsage(c)), out: keep ? out : undefined };
};
const median = (runs) => runs.sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
// 1. The first resolutions in this process: the JIT has not seen the resolver's code yet, every cache is empty.
const first = await timeResolve(resolver, false);
resolver = undefined;
// 2. A fresh resolver (new index, empty caches: no file read, no stat yet) once the code is compiled: what a
//    long-running editor pays for frames it has not seen. Median of FRESH_RUNS fresh resolvers: one run on a
//    shared machine swings by half its value.
// 3. The same frames again on each of them: everything cached (median of the same runs).
const FRESH_RUNS = numberArg('--fresh-runs', 5);
const colds = [];
const warms = [];
const coldsOne = [];
const warmsOne = [];
for (let run = 0; run < FRESH_RUNS; run++) {
  const fresh = new FrameResolver({ roots: [root], mappings });
  await fresh.buildIndex();
  colds.push(await timeResolve(fresh, true));
  warms.push(await timeResolve(fresh, false));
  const one = new FrameResolver({ roots: [root], mappings });
  await one.buildIndex();
  coldsOne.push(await timeResolve(one, false, false));
  warmsOne.push(await timeResolve(one, false, false));
}
const cold = median(colds);
const warm = median(warms);
const coldOne = median(coldsOne);
const warmOne = median(warmsOne);
const indexed = cold.out;
const coldMs = cold.ms;
const coldCpu = cold.cpu;

// ---- naive: per frame, apply mappings, stat the absolute path, then scan every file path for the longest suffix ----
const absList = rel.map((r) => join(root, r));
function naiveResolve(frame) {
  for (const m of mappings) {
    if (frame.absPath.startsWith(m.stackRoot)) {
      const p = join(root, m.sourceRoot, frame.absPath.slice(m.stackRoot.length));
      if (statSync(p, { throwIfNoEntry: false })?.isFile()) return p;
    }
  }
  const np = normalizeFramePath(frame.absPath);
  if (np.absolute && statSync(np.path, { throwIfNoEntry: false })?.isFile()) return np.path;
  const segs = np.segments;
  let best = null;
  let bestScore = 0;
  for (const p of absList) {
    const parts = p.split('/');
    let k = 0;
    while (k < segs.length && k < parts.length && segs[segs.length - 1 - k] === parts[parts.length - 1 - k]) k++;
    if (k > bestScore || (k === bestScore && k > 0 && best !== null && p.length < best.length)) {
      best = p;
      bestScore = k;
    }
  }
  return best;
}
const sampleStep = Math.max(1, Math.floor(frames.length / NAIVE_SAMPLE));
const sample = frames.filter((_, i) => i % sampleStep === 0).slice(0, NAIVE_SAMPLE);
t = performance.now();
const cpu = process.cpuUsage();
let agree = 0;
for (const f of sample) {
  const p = naiveResolve(f);
  const i = frames.indexOf(f);
  if (p === indexed[i].file) agree++;
}
const naiveSampleMs = performance.now() - t;
const naiveSampleCpu = cpuMs(process.cpuUsage(cpu));
const naiveMs = (naiveSampleMs / sample.length) * frames.length;
const naiveCpu = (naiveSampleCpu / sample.length) * frames.length;

const resolvedCount = indexed.filter((r) => r.file).length;
const moved = indexed.filter((r) => r.warning).length;
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
console.log(`Synthetic workspace: ${rel.length.toLocaleString('en-US')} files in ${dirs.toLocaleString('en-US')} folders (written in ${fmt(writeMs)}); ${frames.length.toLocaleString('en-US')} frames, half with context lines.`);
console.log(`Resolved ${resolvedCount}/${frames.length} frames to a file; ${moved} with a warning. The naive way agreed with the index on ${agree}/${sample.length} sampled frames.\n`);
console.log(`Load average at the start: ${loadStart} on ${(await import('node:os')).cpus().length} cores.`);
console.log(`Load average at the end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(', ')} on ${(await import('node:os')).cpus().length} cores.\n`);
console.log('| measure | wall time | CPU time | target |');
console.log('|---|---:|---:|---|');
console.log(`| index build, ${rel.length.toLocaleString('en-US')} files (median of 3) | ${fmt(buildMs)} | ${fmt(buildCpu)} | < 1 s |`);
const n = frames.length.toLocaleString('en-US');
console.log(`| resolve ${n} frames, first in the process (JIT and caches cold) | ${fmt(first.ms)} | ${fmt(first.cpu)} | |`);
console.log(`| resolve ${n} frames with \`resolveMany\`, fresh resolver (caches cold), median of ${colds.length} | ${fmt(coldMs)} | ${fmt(coldCpu)} | < 150 ms |`);
console.log(`| resolve ${n} frames with \`resolveMany\`, warm caches, median of ${warms.length} | ${fmt(warm.ms)} | ${fmt(warm.cpu)} | < 50 ms |`);
console.log(`| resolve ${n} frames, one \`resolve\` call each, fresh resolver, median of ${coldsOne.length} | ${fmt(coldOne.ms)} | ${fmt(coldOne.cpu)} | |`);
console.log(`| resolve ${n} frames, one \`resolve\` call each, warm caches, median of ${warmsOne.length} | ${fmt(warmOne.ms)} | ${fmt(warmOne.cpu)} | |`);
console.log(`| naive scan per frame: ${sample.length} frames timed (${fmt(naiveSampleMs)}), extrapolated to ${frames.length.toLocaleString('en-US')} | ${fmt(naiveMs)} | ${fmt(naiveCpu)} | |`);
console.log(`| **speed-up, indexed (fresh resolver) vs naive** | **${(naiveMs / coldMs).toFixed(0)}x** | ${(naiveCpu / coldCpu).toFixed(0)}x | ≥ 50x |`);
console.log(`| speed-up incl. the index build | ${(naiveMs / (coldMs + buildMs)).toFixed(0)}x | ${(naiveCpu / (coldCpu + buildCpu)).toFixed(0)}x | |`);
