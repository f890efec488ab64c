import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FrameView } from '../../sentry/event/eventView';
import { type CodeMapping, applyMappings, orderMappings } from './codeMappings';
import type { FileFacts } from './fileFacts';
import { type FileIndex, type SuffixMatch, compareMatches } from '../index/fileIndex';
import { isGenericFileName } from '../index/genericFileName';
import { localPath, startsWithRoot } from './localPath';
import { type FramePath, moduleSegments, normalizeFramePath } from '../index/pathNormalize';
import type { Candidate } from './resolution';

/** How many candidates of one kind are listed (the best ones) for explanation. */
const LISTED = 5;

/** Which file a frame's paths lead to, before its line is looked at; the same for every frame with the same paths. */
export type Choice =
  | { kind: 'internal'; note: string }
  | { kind: 'none'; candidates: Candidate[]; warning: string; unlisted?: number }
  | { kind: 'file'; candidates: Candidate[]; chosen: number; unlisted?: number };

/**
 * The search for a frame's local file: code mappings first (most specific
 * stack root first), then the absolute path when it exists here, then the
 * same place under the workspace's dependency folders, then the longest
 * path-suffix match over the index, or the Python module / Java package when
 * it says more than the path.
 */
export class CandidateSearch {
  private ordered: CodeMapping[];
  private readonly vendorCache = new Map<string, string[]>();

  constructor(
    private readonly roots: readonly string[],
    private readonly index: FileIndex,
    private readonly files: FileFacts,
    mappings: readonly CodeMapping[],
  ) {
    this.ordered = orderMappings(mappings);
  }

  setMappings(mappings: readonly CodeMapping[]): void {
    this.ordered = orderMappings(mappings);
  }

  /** Folders were created or deleted: the virtual environments may have changed. */
  forgetFolders(): void {
    this.vendorCache.clear();
  }

  choose(frame: FrameView, platform: string | undefined): Choice {
    const candidates: Candidate[] = [];
    const rawPaths = unique(frame.absPath, frame.filename);
    const parsed = rawPaths.map(normalizeFramePath);
    if (parsed.length > 0 && parsed.every((p) => p.internal)) return { kind: 'internal', note: `${rawPaths[0]} is inside the runtime, not a workspace file` };
    const state: { unlisted?: number } = {};
    let chosen = this.byMapping(rawPaths, parsed, candidates);
    chosen ??= this.byAbsolutePath(parsed, candidates);
    // An existing absolute path outside the workspace folders (another checkout on this machine) yields to a
    // workspace file that matches by more than its name.
    if (chosen?.reason === 'absolute' && this.files.rootOf(chosen.path) === undefined) {
      const outside = chosen;
      const inside = this.byVendoredPath(parsed, candidates) ?? this.bySuffix(frame, parsed, candidates, platform, state);
      if (inside && (inside.score ?? 0) >= 2) {
        outside.rejected = 'outside the workspace folders, and a workspace file matches';
        chosen = inside;
      } else {
        if (inside) inside.rejected = 'only the file name matches; the absolute path exists on this machine';
        chosen = outside;
      }
    }
    chosen ??= this.byVendoredPath(parsed, candidates);
    chosen ??= this.bySuffix(frame, parsed, candidates, platform, state);
    if (!chosen) {
      const shown = rawPaths[0] ?? frame.module ?? '(no path)';
      const warning =
        `no local file for ${shown}` +
        (candidates.length ? `: ${candidates.length} candidate${candidates.length === 1 ? '' : 's'} tried` : '') +
        (frame.inApp === false ? ' (a library frame)' : "; add a code mapping from the stack's folder to the workspace folder");
      return state.unlisted ? { kind: 'none', candidates, warning, unlisted: state.unlisted } : { kind: 'none', candidates, warning };
    }
    for (const c of candidates) c.chosen = c === chosen;
    const at = candidates.indexOf(chosen);
    return state.unlisted ? { kind: 'file', candidates, chosen: at, unlisted: state.unlisted } : { kind: 'file', candidates, chosen: at };
  }

  /** A source a map names: an existing absolute path, else the best suffix match in the workspace. */
  localSource(source: string): string | undefined {
    const p = normalizeFramePath(source);
    const local = p.absolute ? localPath(p.path) : undefined;
    if (local !== undefined && this.files.exists(local)) return local;
    const best = this.index.bestSuffixMatches(p.segments, 1).top[0];
    return best && (best.matched > 1 || p.segments.length === 1) ? best.file.path : undefined;
  }

  private byMapping(raw: string[], parsed: FramePath[], out: Candidate[]): Candidate | undefined {
    if (this.ordered.length === 0) return undefined;
    // Stack roots are compared with the path as reported and with its prefixes (app:///, webpack://...) removed;
    // most frames fall under no stack root, and cost no more than that test.
    let forms: string[] | undefined;
    for (let k = 0; k < raw.length + parsed.length; k++) {
      const p = k < raw.length ? slashed(raw[k]!) : parsed[k - raw.length]!.path;
      if (!underAnyRoot(p, this.ordered)) continue;
      if (forms === undefined) forms = [p];
      else if (!forms.includes(p)) forms.push(p);
    }
    if (forms === undefined) return undefined;
    const tried = new Set<string>();
    let chosen: Candidate | undefined;
    for (const p of forms) {
      for (const { path, mapping } of applyMappings(p, this.ordered, this.roots[0])) {
        if (tried.has(path)) continue;
        tried.add(path);
        const exists = this.files.exists(path);
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
      // A path of another system (C:\app\x.py on Linux) is never local: only its suffix can match.
      const local = p.absolute ? localPath(p.path) : undefined;
      if (local === undefined || out.some((c) => c.path === local)) continue;
      const exists = this.files.exists(local);
      const c: Candidate = exists ? { path: local, reason: 'absolute', chosen: false } : { path: local, reason: 'absolute', chosen: false, rejected: 'no such file on this machine' };
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
        const exists = this.files.exists(path);
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
    let basename: string | undefined;
    for (let i = 0; i < parsed.length && !basename; i++) basename = parsed[i]!.segments[parsed[i]!.segments.length - 1];
    const modSegs = moduleSegments(frame.module, basename, platform);
    const byModule = modSegs && modSegs.length > 1 ? this.index.bestSuffixMatches(modSegs, LISTED + 1).top : [];

    // The module says more than the path when the path is a bare basename (Java) or only the basename matched.
    const topSuffix = suffix[0];
    const topModule = byModule[0];
    const useModule = topModule !== undefined && topModule.matched > 1 && (!topSuffix || topModule.matched > topSuffix.matched);
    // The module's matches first, then the path's others; or the path's alone.
    const ranked = useModule ? [...byModule, ...suffix.filter((s) => !byModule.some((b) => b.file === s.file))] : suffix;
    const fromModule = useModule ? byModule.length : 0;
    if (ranked.length === 0) return undefined;

    const top = ranked[0]!;
    // A library frame from elsewhere whose only tie to the workspace is a common file name (`/usr/lib/python3/json/decoder.py`) is not ours.
    const nameOnly = top.matched === 1 && longest > 1;
    // Nor is an in-app one from a folder outside the workspace whose tie is a name every package has (`json/__init__.py`).
    const weak = nameOnly && (frame.inApp === false || this.onlyGenericName(top, parsed, basename));
    let chosen: Candidate | undefined;
    for (let i = 0; i < ranked.length && i < LISTED; i++) {
      const m = ranked[i]!;
      const reason = i < fromModule ? 'module' : 'suffix';
      // Built whole (not given `rejected` afterwards), so that each is one allocation.
      const rejected = i > 0 ? rejectionOf(m, top) : weak ? weakRejection(frame, basename) : undefined;
      const c: Candidate = rejected === undefined ? { path: m.file.path, reason, score: m.matched, chosen: false } : { path: m.file.path, reason, score: m.matched, chosen: false, rejected };
      if (i === 0 && !weak) chosen = c;
      out.push(c);
    }
    const more = Math.max(total, ranked.length) - Math.min(LISTED, ranked.length);
    if (more > 0) state.unlisted = more;
    return chosen;
  }

  /** A generic name (`__init__.py`) matched alone, for an absolute path outside the workspace folders, by a file whose folder could have matched. */
  private onlyGenericName(m: SuffixMatch, parsed: FramePath[], name: string | undefined): boolean {
    // At a workspace root there is no folder to compare (`/app/index.js` and a checkout's index.js).
    if (m.file.dirs.length === 0 || name === undefined || !isGenericFileName(name)) return false;
    return parsed.some((p) => {
      if (!p.absolute) return false;
      const local = localPath(p.path);
      return local === undefined || this.files.rootOf(local) === undefined;
    });
  }

  private vendorDirs(dir: string): string[] {
    const cached = this.vendorCache.get(dir);
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
    this.vendorCache.set(dir, out);
    return out;
  }
}

/** True when `tail` is a proper suffix of `segs`. */
function endsWith(segs: readonly string[], tail: readonly string[]): boolean {
  if (tail.length >= segs.length) return false;
  for (let i = 1; i <= tail.length; i++) if (segs[segs.length - i] !== tail[tail.length - i]) return false;
  return true;
}

/** True when `p` lies under one of the mappings' stack roots. */
function underAnyRoot(p: string, ordered: readonly CodeMapping[]): boolean {
  for (const m of ordered) if (startsWithRoot(p, m.stackRoot)) return true;
  return false;
}

/** A path with `/` separators (the same string when it has none other). */
function slashed(p: string): string {
  return p.includes('\\') ? p.replace(/\\/g, '/') : p;
}

function unique(...xs: Array<string | undefined>): string[] {
  const out: string[] = [];
  for (const x of xs) if (x && !out.includes(x)) out.push(x);
  return out;
}

function weakRejection(frame: FrameView, basename: string | undefined): string {
  return frame.inApp === false
    ? 'only the file name matches and the frame is not in-app'
    : `only the generic file name ${basename ?? ''} matches, not its folder, and the frame's path is outside the workspace`;
}

/** The few texts of `rejectionOf` for fewer matching segments, made once: `[matched][top]`. */
const FEWER: string[][] = [];

function rejectionOf(m: SuffixMatch, top: SuffixMatch): string {
  if (m.matched < top.matched) {
    const row = (FEWER[m.matched] ??= []);
    return (row[top.matched] ??= `fewer matching path segments (${m.matched} vs ${top.matched})`);
  }
  if (m.file.generated && !top.file.generated) return 'tie: in a build output folder';
  if (m.file.root > top.file.root) return 'tie: in a later workspace root';
  if (m.file.dirs.length > top.file.dirs.length) return 'tie: deeper path';
  return 'tie: later alphabetically';
}
