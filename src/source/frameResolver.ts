import { readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FrameView } from '../sentry/eventView';
import { type Logger, silentLogger } from '../util/logger';
import { type CodeMapping, applyMappings, orderMappings } from './codeMappings';
import { FileIndex, IGNORED_DIRS, type SuffixMatch, compareMatches } from './fileIndex';
import { frameColumn } from './frameColumn';
import { DEFAULT_SEARCH_WINDOW, recoverLine } from './lineRecovery';
import { LruCache } from './lruCache';
import { type FramePath, moduleSegments, normalizeFramePath } from './pathNormalize';
import { SourceMaps, mayHaveSourceMap } from './sourceMaps';

export type CandidateReason = 'mapping' | 'absolute' | 'suffix' | 'module' | 'sourcemap';

/** One local path the resolver considered for a frame. */
export interface Candidate {
  path: string;
  reason: CandidateReason;
  /** For suffix and module matches: how many trailing path segments agree. */
  score?: number;
  chosen: boolean;
  /** Why it was not chosen, when it was not. */
  rejected?: string;
}

export interface Resolution {
  /** The absolute local path to open, or null when no local file fits. */
  file: string | null;
  /** 1-based line to open (after source maps and moved-line recovery), as the editor shows. */
  line: number | undefined;
  /** 1-based column, as the editor shows. */
  column: number | undefined;
  candidates: Candidate[];
  /** The line the event recorded, when the code was found at another line. */
  movedFrom?: number;
  /** e.g. "the file changed since this event: line 42 is now 45". */
  note?: string;
  /** Something the user should know: the line could not be verified, no file was found, ... */
  warning?: string;
  /** How many more workspace files share the frame's file name than the candidates list (they matched less or lost a tie-break). */
  unlisted?: number;
  /** Set when the frame pointed into a generated file whose source map led to `file`. */
  sourceMapped?: { generatedFile: string; generatedLine: number; generatedColumn: number | undefined };
}

export interface FrameResolverOptions {
  /** Workspace roots; relative `sourceRoot`s of mappings resolve against the first. */
  roots: string[];
  mappings: CodeMapping[];
  logger?: Logger;
  /** Reads a text file (defaults to a synchronous node:fs read); rejects when it does not exist. */
  readFile?: (path: string) => Promise<string>;
  /** Lines searched each way for a context line that moved (default 20). */
  searchWindow?: number;
}

/** How many candidates of one kind are listed (the best ones) for explanation. */
const LISTED = 5;

/**
 * Maps Sentry stack frames to local files: code mappings first (most specific
 * stack root first), then the absolute path when it exists here, then the
 * longest path-suffix match over an index of the workspace, then the Python
 * module or Java package when only a basename is known; then source maps and a
 * check of the recorded source line against the local file.
 */
export class FrameResolver {
  private readonly roots: string[];
  private readonly index: FileIndex;
  private ordered: CodeMapping[];
  private readonly logger: Logger;
  private readonly readFile: (path: string) => Promise<string>;
  private readonly window: number;
  /** File lines for context checks: up to 1,024 files or about 64 MB of text. */
  private readonly lineCache = new LruCache<string, readonly string[] | null>(1024, (lines) => (lines ? lines.reduce((n, l) => n + l.length + 1, 0) * 2 : 16), 64 * 1024 * 1024);
  private readonly existsCache = new LruCache<string, boolean>(8192);
  private readonly sourceMaps: SourceMaps;
  private readonly vendorCache = new Map<string, string[]>();
  private indexed = false;

  constructor(opts: FrameResolverOptions) {
    this.roots = opts.roots.map((r) => resolve(r));
    this.index = new FileIndex(this.roots);
    this.ordered = orderMappings(opts.mappings);
    this.logger = opts.logger ?? silentLogger;
    // Source files are small: one synchronous read is several times cheaper than a trip through the thread pool.
    this.readFile = opts.readFile ?? (async (p) => readFileSync(p, 'utf8'));
    this.window = opts.searchWindow ?? DEFAULT_SEARCH_WINDOW;
    this.sourceMaps = new SourceMaps({ lines: (p) => this.linesOf(p), readText: (p) => this.readText(p) });
  }

  /** Number of files in the index. */
  get indexedFiles(): number {
    return this.index.size;
  }

  /** Walks all roots; call once, and again when the roots' contents changed wholesale. */
  async buildIndex(opts: { signal?: AbortSignal } = {}): Promise<void> {
    const started = Date.now();
    await this.index.build(opts);
    this.indexed = true;
    this.existsCache.clear();
    this.logger.debug(`indexed ${this.index.size} files in ${Date.now() - started} ms`);
  }

  onFileCreated(path: string): void {
    this.index.add(path);
    this.forget(path);
  }

  /** Drops what was cached of a file's content (context lines, source maps). */
  onFileChanged(path: string): void {
    this.forget(path);
  }

  /** A deleted file, or folder (everything under it goes). */
  onFileDeleted(path: string): void {
    const wasFile = this.index.has(path);
    this.index.remove(path);
    this.forget(path);
    if (!wasFile) {
      // A folder, or a file the index does not hold (outside the roots, in node_modules): drop what may lie under it.
      this.existsCache.clear();
      this.lineCache.clear();
    }
  }

  setMappings(mappings: CodeMapping[]): void {
    this.ordered = orderMappings(mappings);
  }

  async resolve(frame: FrameView, ctx: { platform?: string } = {}): Promise<Resolution> {
    const state: { unlisted?: number } = {};
    const r = await this.resolveFrame(frame, ctx, state);
    if (state.unlisted) r.unlisted = state.unlisted;
    return r;
  }

  private async resolveFrame(frame: FrameView, ctx: { platform?: string }, state: { unlisted?: number }): Promise<Resolution> {
    const candidates: Candidate[] = [];
    const rawPaths = unique([frame.absPath, frame.filename]);
    const parsed = rawPaths.map(normalizeFramePath);
    if (parsed.length > 0 && parsed.every((p) => p.internal)) {
      return { file: null, line: frame.lineno, column: frame.colno, candidates, note: `${rawPaths[0]} is inside the runtime, not a workspace file` };
    }
    let chosen = this.byMapping(rawPaths, parsed, candidates);
    chosen ??= this.byAbsolutePath(parsed, candidates);
    // An existing absolute path outside the workspace folders (another checkout on this machine) yields to a
    // workspace file that matches by more than its name.
    if (chosen?.reason === 'absolute' && !this.insideRoots(chosen.path)) {
      const outside = chosen;
      const inside = this.byVendoredPath(parsed, candidates) ?? this.bySuffix(frame, parsed, candidates, ctx.platform ?? frame.platform, state);
      if (inside && (inside.score ?? 0) >= 2) {
        outside.rejected = 'outside the workspace folders, and a workspace file matches';
        chosen = inside;
      } else {
        if (inside) inside.rejected = 'only the file name matches; the absolute path exists on this machine';
        chosen = outside;
      }
    }
    chosen ??= this.byVendoredPath(parsed, candidates);
    chosen ??= this.bySuffix(frame, parsed, candidates, ctx.platform ?? frame.platform, state);
    if (!chosen) {
      const shown = rawPaths[0] ?? frame.module ?? '(no path)';
      return {
        file: null,
        line: frame.lineno,
        column: frame.colno,
        candidates,
        warning:
          `no local file for ${shown}` +
          (candidates.length ? `: ${candidates.length} candidate${candidates.length === 1 ? '' : 's'} tried` : '') +
          (frame.inApp === false ? ' (a library frame)' : "; add a code mapping from the stack's folder to the workspace folder"),
      };
    }
    markChosen(candidates, chosen);
    const mapped = mayHaveSourceMap(chosen.path) ? await this.throughSourceMap(chosen, frame, candidates) : undefined;
    if (mapped) return mapped;
    return this.withLine(chosen.path, frame, candidates);
  }

  // ---- steps -------------------------------------------------------------

  private byMapping(raw: string[], parsed: FramePath[], out: Candidate[]): Candidate | undefined {
    if (this.ordered.length === 0) return undefined;
    const tried = new Set<string>();
    // Stack roots are compared with the path as reported and with its prefixes (app:///, webpack://...) removed.
    const forms = unique([...raw.map((p) => p.replace(/\\/g, '/')), ...parsed.map((p) => p.path)]);
    let chosen: Candidate | undefined;
    for (const p of forms) {
      for (const { path, mapping } of applyMappings(p, this.ordered, this.roots[0])) {
        if (tried.has(path)) continue;
        tried.add(path);
        const exists = this.exists(path);
        const c: Candidate = { path, reason: 'mapping', chosen: false };
        if (!exists) c.rejected = `no such file (mapping ${mapping.stackRoot} -> ${mapping.sourceRoot})`;
        else if (chosen) c.rejected = `an earlier mapping matched first (${mapping.stackRoot} -> ${mapping.sourceRoot})`;
        out.push(c);
        if (exists && !chosen) chosen = c;
      }
    }
    return chosen;
  }

  private byAbsolutePath(parsed: FramePath[], out: Candidate[]): Candidate | undefined {
    for (const p of parsed) {
      if (!p.absolute || !isAbsolute(p.path)) continue;
      if (out.some((c) => c.path === p.path)) continue;
      const exists = this.exists(p.path);
      const c: Candidate = { path: p.path, reason: 'absolute', chosen: false };
      if (!exists) c.rejected = 'no such file on this machine';
      out.push(c);
      if (exists) return c;
    }
    return undefined;
  }

  /** Frames inside node_modules / site-packages: look in the same place under each root (those folders are not indexed). */
  private byVendoredPath(parsed: FramePath[], out: Candidate[]): Candidate | undefined {
    for (const p of parsed) {
      if (!p.vendored) continue;
      for (const base of this.vendorDirs(p.vendored.dir)) {
        const path = join(base, ...p.vendored.rest);
        if (out.some((c) => c.path === path)) continue;
        const exists = this.exists(path);
        const c: Candidate = { path, reason: 'suffix', score: p.vendored.rest.length + 1, chosen: false };
        if (!exists) c.rejected = `no such file in ${relative(this.roots[0] ?? '', base) || base}`;
        out.push(c);
        if (exists) return c;
      }
    }
    return undefined;
  }

  private bySuffix(frame: FrameView, allParsed: FramePath[], out: Candidate[], platform: string | undefined, state: { unlisted?: number }): Candidate | undefined {
    // A path whose segments are the tail of another's (filename "x.py" beside abs_path "/srv/app/x.py") can't match more.
    const parsed = allParsed.length > 1 ? allParsed.filter((p) => !allParsed.some((q) => q !== p && endsWith(q.segments, p.segments))) : allParsed;
    let suffix: SuffixMatch[];
    let longest = 0;
    let total = 0;
    if (parsed.length === 1) {
      // The common case: one path (abs_path or filename); its matches are already ranked.
      const found = this.index.bestSuffixMatches(parsed[0]!.segments, LISTED + 1);
      longest = parsed[0]!.segments.length;
      total = found.total;
      suffix = found.top;
    } else {
      const best = new Map<string, SuffixMatch>();
      for (const p of parsed) {
        longest = Math.max(longest, p.segments.length);
        const found = this.index.bestSuffixMatches(p.segments, LISTED + 1);
        total = Math.max(total, found.total);
        for (const m of found.top) {
          const prev = best.get(m.file.path);
          if (!prev || m.matched > prev.matched) best.set(m.file.path, m);
        }
      }
      suffix = [...best.values()].sort(compareMatches);
    }
    const basename = parsed.map((p) => p.segments[p.segments.length - 1]).find(Boolean);
    const modSegs = moduleSegments(frame.module, basename, platform);
    const byModule = modSegs && modSegs.length > 1 ? this.index.bestSuffixMatches(modSegs, LISTED + 1).top : [];

    // The module says more than the path when the path is a bare basename (Java) or only the basename matched.
    const topSuffix = suffix[0];
    const topModule = byModule[0];
    const useModule = topModule !== undefined && topModule.matched > 1 && (!topSuffix || topModule.matched > topSuffix.matched);
    const ranked: Array<{ m: SuffixMatch; reason: CandidateReason }> = useModule
      ? [...byModule.map((m) => ({ m, reason: 'module' as const })), ...suffix.filter((s) => !byModule.some((b) => b.file === s.file)).map((m) => ({ m, reason: 'suffix' as const }))]
      : suffix.map((m) => ({ m, reason: 'suffix' as const }));
    if (ranked.length === 0) return undefined;

    const top = ranked[0]!;
    // A library frame from elsewhere whose only tie to the workspace is a common file name (`/usr/lib/python3/json/decoder.py`) is not ours.
    const weak = top.m.matched === 1 && longest > 1 && frame.inApp === false;
    let chosen: Candidate | undefined;
    for (let i = 0; i < ranked.length && i < LISTED; i++) {
      const { m, reason } = ranked[i]!;
      const c: Candidate = { path: m.file.path, reason, score: m.matched, chosen: false };
      if (i === 0 && !weak) chosen = c;
      else if (i === 0) c.rejected = 'only the file name matches and the frame is not in-app';
      else c.rejected = rejectionOf(m, top.m);
      out.push(c);
    }
    const more = Math.max(total, ranked.length) - Math.min(LISTED, ranked.length);
    if (more > 0) state.unlisted = more;
    return chosen;
  }

  /** Only for a `bundle` that mayHaveSourceMap (the caller checks, so plain files skip this await). */
  private async throughSourceMap(bundle: Candidate, frame: FrameView, candidates: Candidate[]): Promise<Resolution | undefined> {
    if (frame.lineno === undefined) return undefined;
    const outcome = await this.sourceMaps.original(bundle.path, frame.lineno, frame.colno);
    if (outcome.kind === 'none') return undefined;
    if (outcome.kind === 'error') {
      const r = await this.withLine(bundle.path, frame, candidates);
      r.warning = joinText(r.warning, outcome.reason);
      return r;
    }
    const pos = outcome.position;
    // The event's context line is the generated file's line: when it no longer matches, the map describes another build.
    let stale: string | undefined;
    if (frame.contextLine !== undefined) {
      const generated = await this.linesOf(bundle.path);
      if (generated && recoverLine(generated, { lineno: frame.lineno, contextLine: frame.contextLine }, 0).warning) {
        stale = `${bundle.path} changed since this event (rebuilt?), so its source map may point to the wrong place`;
      }
    }
    const local = this.localSource(pos.source);
    const sourceMapped = { generatedFile: bundle.path, generatedLine: frame.lineno, generatedColumn: frame.colno };
    if (!local) {
      candidates.push({ path: pos.source, reason: 'sourcemap', chosen: false, rejected: 'the source map names this file, which is not in the workspace' });
      const warning = `the source map (${pos.mapFile}) leads to ${pos.source}, which is not in the workspace; showing the generated file`;
      return { file: bundle.path, line: frame.lineno, column: frame.colno, candidates, warning: stale ? `${stale}; ${warning}` : warning };
    }
    bundle.chosen = false;
    bundle.rejected = `generated file; its source map (${pos.mapFile === 'inline' ? 'inline' : pos.mapFile}) leads to the original`;
    candidates.push({ path: local, reason: 'sourcemap', chosen: true });
    const r: Resolution = { file: local, line: pos.line, column: pos.column, candidates, sourceMapped };
    if (stale) r.warning = stale;
    return r;
  }

  private async withLine(file: string, frame: FrameView, candidates: Candidate[]): Promise<Resolution> {
    const base: Resolution = { file, line: frame.lineno, column: frame.colno, candidates };
    // Without a recorded context line there is nothing to verify: open at the recorded line (the editor clamps it).
    if (frame.lineno === undefined || (frame.contextLine === undefined && frame.colno !== undefined)) return base;
    const cached = this.lineCache.get(file);
    const lines = cached !== undefined ? (cached ?? undefined) : await this.linesOf(file);
    if (frame.contextLine === undefined) return { ...base, column: frameColumn(frame.colno, lines?.[frame.lineno - 1]) };
    if (!lines) return { ...base, warning: `${file} could not be read, so line ${frame.lineno} was not checked` };
    const r = recoverLine(lines, frame, this.window);
    const out: Resolution = { ...base, line: r.line, column: frameColumn(frame.colno, r.line !== undefined ? lines[r.line - 1] : undefined) };
    if (r.movedFrom !== undefined) out.movedFrom = r.movedFrom;
    if (r.note) out.note = r.note;
    if (r.warning) out.warning = r.warning;
    return out;
  }

  // ---- file system, cached ---------------------------------------------

  /** A source a map names: an existing absolute path, else the best suffix match in the workspace. */
  private localSource(source: string): string | undefined {
    const p = normalizeFramePath(source);
    if (p.absolute && isAbsolute(p.path) && this.exists(p.path)) return p.path;
    const best = this.index.bestSuffixMatches(p.segments, 1).top[0];
    return best && (best.matched > 1 || p.segments.length === 1) ? best.file.path : undefined;
  }

  /** Synchronous on purpose: an index lookup, a cache hit, or one stat call. */
  private exists(path: string): boolean {
    if (this.index.has(path)) return true;
    if (this.indexed && this.inIndexedPart(path)) return false;
    const cached = this.existsCache.get(path);
    if (cached !== undefined) return cached;
    // One stat system call, synchronous: far cheaper than a trip through the thread pool, and cached.
    const exists = statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
    this.existsCache.set(path, exists);
    return exists;
  }

  private insideRoots(path: string): boolean {
    return this.rootOf(path) !== undefined;
  }

  /** The root a path lies under (plain prefix test: paths here are absolute and normalised). */
  private rootOf(path: string): string | undefined {
    for (const root of this.roots) {
      if (path.length > root.length && path.startsWith(root) && (path[root.length] === sep || root.endsWith(sep))) return root;
    }
    return undefined;
  }

  /** True when the path lies under a root and outside ignored folders, where the index is the truth. */
  private inIndexedPart(path: string): boolean {
    const root = this.rootOf(path);
    if (root === undefined) return false;
    const dirs = path.slice(root.length).split(sep).filter(Boolean).slice(0, -1);
    return !dirs.some((d) => IGNORED_DIRS.has(d));
  }

  private vendorDirs(dir: string): string[] {
    const key = `vendor:${dir}`;
    const cached = this.vendorCache.get(key);
    if (cached) return cached;
    const out: string[] = [];
    for (const root of this.roots) {
      if (dir === 'node_modules') out.push(join(root, 'node_modules'));
      else {
        for (const venv of ['.venv', 'venv', 'env']) {
          const lib = join(root, venv, 'lib');
          let pys: string[] = [];
          try {
            pys = readdirSync(lib).filter((n) => n.startsWith('python'));
          } catch {
            continue;
          }
          // Virtual environments keep packages in site-packages, whatever the frame's system Python called it.
          for (const py of pys) out.push(join(lib, py, 'site-packages'));
        }
      }
    }
    this.vendorCache.set(key, out);
    return out;
  }

  private async linesOf(path: string): Promise<readonly string[] | undefined> {
    const cached = this.lineCache.get(path);
    if (cached !== undefined) return cached ?? undefined;
    const text = await this.readText(path);
    const lines = text === undefined ? null : text.split(/\r\n|\r|\n/);
    this.lineCache.set(path, lines);
    return lines ?? undefined;
  }

  private async readText(path: string): Promise<string | undefined> {
    try {
      return await this.readFile(path);
    } catch {
      return undefined;
    }
  }

  private forget(path: string): void {
    this.lineCache.delete(path);
    this.existsCache.delete(path);
    this.sourceMaps.invalidate(path);
    this.vendorCache.clear();
  }
}

/** True when `tail` is a proper suffix of `segs`. */
function endsWith(segs: readonly string[], tail: readonly string[]): boolean {
  if (tail.length >= segs.length) return false;
  for (let i = 1; i <= tail.length; i++) if (segs[segs.length - i] !== tail[tail.length - i]) return false;
  return true;
}

function unique(xs: Array<string | undefined>): string[] {
  const out: string[] = [];
  for (const x of xs) if (x && !out.includes(x)) out.push(x);
  return out;
}

function rejectionOf(m: SuffixMatch, top: SuffixMatch): string {
  if (m.matched < top.matched) return `fewer matching path segments (${m.matched} vs ${top.matched})`;
  if (m.file.generated && !top.file.generated) return 'tie: in a build output folder';
  if (m.file.root > top.file.root) return 'tie: in a later workspace root';
  if (m.file.dirs.length > top.file.dirs.length) return 'tie: deeper path';
  return 'tie: later alphabetically';
}

function markChosen(candidates: Candidate[], chosen: Candidate): void {
  for (const c of candidates) c.chosen = c === chosen;
}

function joinText(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}
