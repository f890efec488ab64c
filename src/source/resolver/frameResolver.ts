import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FrameView } from '../../sentry/event/eventView';
import { type Logger, silentLogger } from '../../util/logger';
import { CandidateSearch, type Choice } from './candidateSearch';
import { ChoiceTable } from './choiceTable';
import type { CodeMapping } from './codeMappings';
import { FileFacts, readTextSync } from './fileFacts';
import { FileIndex } from '../index/fileIndex';
import { frameColumn } from './frameColumn';
import { DEFAULT_SEARCH_WINDOW, recoverLine } from './lineRecovery';
import { ownPath } from './localPath';
import type { Candidate, Resolution } from './resolution';
import { type LoadedMap, SourceMaps, mayHaveSourceMap, positionIn } from './sourceMaps';

export type { Candidate, CandidateReason, EmbeddedSource, Resolution } from './resolution';

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

export interface ResolveManyOptions {
  /** The event's platform, for frames that do not carry their own. */
  platform?: string;
  signal?: AbortSignal;
}

/** Frame paths whose file choice is remembered before the table starts over. */
const CHOICES = 16_384;
/** Longest stretch of synchronous resolving in `resolveMany` before yielding to the event loop. */
const SLICE_MS = 10;

/** What one attempt could not do without reading a file first. */
type Need = { need: 'lines' | 'map'; path: string };
/** Files read for one resolution, kept beside the caches so that an eviction in between cannot loop. */
interface Loaded {
  /** Made on first use: most resolutions read one file's lines and no map. */
  lines?: Map<string, readonly string[] | null>;
  maps?: Map<string, LoadedMap>;
}

/**
 * Maps Sentry stack frames to local files: code mappings first (most specific
 * stack root first), then the absolute path when it exists here, then the
 * longest path-suffix match over an index of the workspace, then the Python
 * module or Java package when only a basename is known; then source maps and a
 * check of the recorded source line against the local file.
 *
 * After the index is built a frame costs hash lookups: the file chosen for a
 * frame's paths is remembered, existence is found out once per path, and file
 * lines and source maps are read once per file, all kept until a watcher
 * reports the path changed (`onFileCreated`/`onFileChanged`/`onFileDeleted`,
 * or `invalidate`).
 */
export class FrameResolver {
  private readonly roots: string[];
  private readonly index: FileIndex;
  private readonly files: FileFacts;
  private readonly search: CandidateSearch;
  private readonly logger: Logger;
  private readonly window: number;
  private readonly sourceMaps: SourceMaps;
  private readonly choices = new ChoiceTable<Choice>(CHOICES);
  private readonly sources = new Map<string, string | null>();

  constructor(opts: FrameResolverOptions) {
    this.roots = opts.roots.map((r) => ownPath(resolve(r)));
    this.index = new FileIndex(this.roots);
    this.files = new FileFacts(this.roots, this.index, opts.readFile ?? readTextSync);
    this.search = new CandidateSearch(this.roots, this.index, this.files, opts.mappings);
    this.logger = opts.logger ?? silentLogger;
    this.window = opts.searchWindow ?? DEFAULT_SEARCH_WINDOW;
    this.sourceMaps = new SourceMaps({ lines: (p) => this.files.lines(p), readText: (p) => this.files.readText(p) });
  }

  /** Number of files in the index. */
  get indexedFiles(): number {
    return this.index.size;
  }

  /** Walks all roots; call once, and again when the roots' contents changed wholesale. */
  async buildIndex(opts: { signal?: AbortSignal } = {}): Promise<void> {
    const started = Date.now();
    await this.index.build(opts);
    this.files.indexed = true;
    this.files.clearExistence();
    this.forgetChoices();
    this.logger.debug(`indexed ${this.index.size} files in ${Date.now() - started} ms`);
  }

  /** A file or a folder a watcher reported created; a folder's files are added too (the watcher may not list them). */
  onFileCreated(created: string): void {
    const path = ownPath(created);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      const added = this.index.addFolder(path);
      if (added === undefined) {
        // More than a walk on this thread should take: the index is built again, in slices.
        this.logger.debug(`${path}: a new folder of more than 10,000 files; indexing again`);
        this.buildIndex().catch((e: unknown) => this.logger.warn(`indexing again failed: ${e instanceof Error ? e.message : String(e)}`));
      }
      this.invalidate();
      return;
    }
    this.index.add(path);
    this.invalidate(path);
  }

  /** Drops what was cached of a file's content (context lines, source maps). */
  onFileChanged(changed: string): void {
    const path = ownPath(changed);
    this.files.invalidate(path);
    this.sourceMaps.invalidate(path);
  }

  /** A deleted file, or folder (everything under it goes). */
  onFileDeleted(deleted: string): void {
    const path = ownPath(deleted);
    const wasFile = this.index.has(path);
    this.index.remove(path);
    this.invalidate(path);
    // A folder, or a file the index does not hold (outside the roots, in node_modules): drop what may lie under it.
    if (!wasFile) this.files.clear();
  }

  /**
   * Something happened to `path` (created, changed or deleted): what was found out about it (existence, lines,
   * source map) and every file choice are looked at again. Without a path, everything is.
   */
  invalidate(changed?: string): void {
    if (changed === undefined) {
      this.files.clear();
      this.sourceMaps.clear();
    } else {
      const path = ownPath(changed);
      this.files.invalidate(path);
      this.sourceMaps.invalidate(path);
    }
    this.search.forgetFolders();
    this.forgetChoices();
  }

  setMappings(mappings: CodeMapping[]): void {
    this.search.setMappings(mappings);
    this.forgetChoices();
  }

  async resolve(frame: FrameView, ctx: { platform?: string } = {}): Promise<Resolution> {
    const platform = ctx.platform ?? frame.platform;
    const first = this.attempt(frame, platform, undefined);
    return 'need' in first ? this.resolveReading(frame, platform, first) : first;
  }

  /**
   * Resolves many frames at once, in their order: the frames whose files are known already are resolved
   * without a single await, the others read their files once each. Yields to the event loop between slices.
   */
  async resolveMany(frames: readonly FrameView[], opts: ResolveManyOptions = {}): Promise<Resolution[]> {
    opts.signal?.throwIfAborted();
    const out = new Array<Resolution>(frames.length);
    let sliceStart = performance.now();
    for (let i = 0; i < frames.length; i++) {
      if ((i & 63) === 0 && performance.now() - sliceStart > SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        opts.signal?.throwIfAborted();
        sliceStart = performance.now();
      }
      const frame = frames[i]!;
      const platform = opts.platform ?? frame.platform;
      const r = this.attempt(frame, platform, undefined);
      out[i] = 'need' in r ? await this.resolveReading(frame, platform, r) : r;
    }
    return out;
  }

  // ---- one frame -----------------------------------------------------------

  private async resolveReading(frame: FrameView, platform: string | undefined, need: Need): Promise<Resolution> {
    const loaded: Loaded = {};
    for (let r: Resolution | Need = need; ; ) {
      if (r.need === 'lines') (loaded.lines ??= new Map()).set(r.path, (await this.files.lines(r.path)) ?? null);
      else (loaded.maps ??= new Map()).set(r.path, await this.sourceMaps.load(r.path));
      const next = this.attempt(frame, platform, loaded);
      if (!('need' in next)) return next;
      r = next;
    }
  }

  /** Resolves from what is in memory, or says which file must be read first. */
  private attempt(frame: FrameView, platform: string | undefined, loaded: Loaded | undefined): Resolution | Need {
    const choice = this.choose(frame, platform);
    if (choice.kind === 'internal') return { file: null, line: frame.lineno, column: frame.colno, candidates: [], note: choice.note };
    let r: Resolution | Need;
    if (choice.kind === 'none') r = { file: null, line: frame.lineno, column: frame.colno, candidates: choice.candidates.slice(), warning: choice.warning };
    else {
      const path = choice.candidates[choice.chosen]!.path;
      r = (mayHaveSourceMap(path) && this.throughSourceMap(choice, frame, loaded)) || this.withLine(path, frame, choice.candidates.slice(), loaded);
    }
    if (choice.unlisted && !('need' in r)) r.unlisted = choice.unlisted;
    return r;
  }

  private choose(frame: FrameView, platform: string | undefined): Choice {
    let choice = this.choices.get(frame, platform);
    if (!choice) {
      choice = this.search.choose(frame, platform);
      // Resolutions of frames with the same paths share these candidate objects (each gets its own list).
      if (choice.kind !== 'internal') for (const c of choice.candidates) Object.freeze(c);
      this.choices.set(frame, platform, choice);
    }
    return choice;
  }

  /** For a `bundle` that mayHaveSourceMap: the original position, or undefined when the file has no map. */
  private throughSourceMap(choice: Choice & { kind: 'file' }, frame: FrameView, loaded: Loaded | undefined): Resolution | Need | undefined {
    if (frame.lineno === undefined) return undefined;
    // This resolution changes the bundle's candidate: its own copies.
    const candidates = choice.candidates.map((c) => ({ ...c }));
    const bundle = candidates[choice.chosen]!;
    const entry = loaded?.maps?.get(bundle.path) ?? this.sourceMaps.peek(bundle.path);
    if (entry === undefined) return { need: 'map', path: bundle.path };
    const outcome = positionIn(entry, frame.lineno, frame.colno);
    if (outcome.kind === 'none') return undefined;
    if (outcome.kind === 'error') {
      const r = this.withLine(bundle.path, frame, candidates, loaded);
      if (!('need' in r)) r.warning = joinText(r.warning, outcome.reason);
      return r;
    }
    const pos = outcome.position;
    // The event's context line is the generated file's line: when it no longer matches, the map describes another build.
    let stale: string | undefined;
    if (frame.contextLine !== undefined) {
      const generated = this.linesIn(bundle.path, loaded);
      if (generated === undefined) return { need: 'lines', path: bundle.path };
      if (generated && recoverLine(generated, { lineno: frame.lineno, contextLine: frame.contextLine }, 0).warning) {
        stale = `${bundle.path} changed since this event (rebuilt?), so its source map may point to the wrong place`;
      }
    }
    const local = this.localSource(pos.source);
    const sourceMapped = { generatedFile: bundle.path, generatedLine: frame.lineno, generatedColumn: frame.colno };
    if (!local) {
      candidates.push({ path: pos.source, reason: 'sourcemap', chosen: false, rejected: 'the source map names this file, which is not in the workspace' });
      const warning = `the source map (${pos.mapFile}) leads to ${pos.source}, which is not in the workspace; showing the generated file`;
      const r: Resolution = { file: bundle.path, line: frame.lineno, column: frame.colno, candidates, warning: stale ? `${stale}; ${warning}` : warning };
      // The map may carry the original's text: an editor can show that (read-only) at the original line instead.
      if (pos.content !== undefined) r.embeddedSource = { source: pos.source, line: pos.line, column: pos.column, text: pos.content };
      return r;
    }
    bundle.chosen = false;
    bundle.rejected = `generated file; its source map (${pos.mapFile === 'inline' ? 'inline' : pos.mapFile}) leads to the original`;
    candidates.push({ path: local, reason: 'sourcemap', chosen: true });
    const r: Resolution = { file: local, line: pos.line, column: pos.column, candidates, sourceMapped };
    if (stale) r.warning = stale;
    return r;
  }

  private withLine(file: string, frame: FrameView, candidates: Candidate[], loaded: Loaded | undefined): Resolution | Need {
    // Without a recorded context line there is nothing to verify: open at the recorded line (the editor clamps it),
    // at the recorded column, or else at the line's first non-blank character (which needs the file's lines).
    if (frame.lineno === undefined || (frame.contextLine === undefined && frame.colno !== undefined)) return { file, line: frame.lineno, column: frame.colno, candidates };
    const lines = this.linesIn(file, loaded);
    if (lines === undefined) return { need: 'lines', path: file };
    if (frame.contextLine === undefined) return { file, line: frame.lineno, column: frameColumn(frame.colno, lines?.[frame.lineno - 1]), candidates };
    if (lines === null) return { file, line: frame.lineno, column: frame.colno, candidates, warning: `${file} could not be read, so line ${frame.lineno} was not checked` };
    const r = recoverLine(lines, frame, this.window);
    const out: Resolution = { file, line: r.line, column: frameColumn(frame.colno, r.line !== undefined ? lines[r.line - 1] : undefined), candidates };
    if (r.movedFrom !== undefined) out.movedFrom = r.movedFrom;
    if (r.note) out.note = r.note;
    if (r.warning) out.warning = r.warning;
    return out;
  }

  // ---- cached ----------------------------------------------------------------

  private linesIn(path: string, loaded: Loaded | undefined): readonly string[] | null | undefined {
    const own = loaded?.lines?.get(path);
    return own !== undefined ? own : this.files.cachedLines(path);
  }

  /** The local file a source map's source names (kept with the file choices). */
  private localSource(source: string): string | undefined {
    let local = this.sources.get(source);
    if (local === undefined) {
      local = this.search.localSource(source) ?? null;
      if (this.sources.size >= CHOICES) this.sources.clear();
      this.sources.set(source, local);
    }
    return local ?? undefined;
  }

  private forgetChoices(): void {
    this.choices.clear();
    this.sources.clear();
  }
}

function joinText(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}
