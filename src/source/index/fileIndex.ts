import { type Dirent, readdirSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { FolderTable } from './folderTable';

/** Folders never walked: dependencies, VCS data, caches. Frames that point into them are looked up directly. */
export const IGNORED_DIRS: ReadonlySet<string> = new Set([
  'node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache',
  '.ruff_cache', '.next', '.nuxt', '.svelte-kit', '.cache', '.parcel-cache', '.turbo', '.gradle', '.idea', '.vscode-test',
  'coverage', 'site-packages', 'bower_components',
]);

/** Folders that are walked (bundles and their source maps live there) but lose ties against sources elsewhere. */
export const GENERATED_DIRS: ReadonlySet<string> = new Set(['dist', 'out', 'build', 'target', 'bin', 'obj', 'lib-cov']);

/** Longest stretch of synchronous folder reading before yielding to the event loop. */
const SLICE_MS = 8;
/** Basenames shared by more files than this get a trie over their folders. */
const COMMON_NAME = 64;

export interface IndexedFile {
  /** Absolute local path. */
  path: string;
  /** Folder names from the workspace root down to the file (shared between files of one folder). */
  dirs: readonly string[];
  /** Which workspace root (index into the roots list). */
  root: number;
  /** True when one of `dirs` is a build output folder. */
  generated: boolean;
  /** The file's folder in the index's folder table. */
  folder: number;
}

export interface SuffixMatch {
  file: IndexedFile;
  /** How many trailing path segments agree (1 = only the basename). */
  matched: number;
}

/**
 * Every file under the workspace roots, keyed by basename, so that a frame's
 * path is matched by comparing its trailing segments with the few files of the
 * same name instead of scanning the tree.
 */
export class FileIndex {
  private byName = new Map<string, NameEntry>();
  private byPath = new Map<string, IndexedFile>();
  private folders = new FolderTable();

  readonly roots: readonly string[];

  constructor(roots: readonly string[]) {
    this.roots = roots.map((r) => resolve(r));
  }

  get size(): number {
    return this.byPath.size;
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  get(path: string): IndexedFile | undefined {
    return this.byPath.get(path);
  }

  /**
   * Walks every root. Folders are read synchronously (one system call each, several times faster than
   * through the thread pool) in slices of a few milliseconds, yielding to the event loop between slices
   * so the host stays responsive; throws the signal's reason when aborted.
   */
  async build(opts: { signal?: AbortSignal } = {}): Promise<void> {
    const byName = new Map<string, IndexedFile[]>();
    const byPath = new Map<string, IndexedFile>();
    const folders = new FolderTable();
    type Job = { dir: string; dirs: string[]; root: number; generated: boolean; folder: number };
    const queue: Job[] = this.roots.map((r, i) => ({ dir: r, dirs: [], root: i, generated: false, folder: folders.root(i, r) }));
    let sliceStart = performance.now();
    for (let job = queue.pop(); job; job = queue.pop()) {
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        sliceStart = performance.now();
      }
      opts.signal?.throwIfAborted();
      let entries: Dirent[];
      try {
        entries = readdirSync(job.dir, { withFileTypes: true });
      } catch {
        continue; // vanished or unreadable folder: index what we can
      }
      const prefix = job.dir + sep;
      for (const e of entries) {
        const name = e.name;
        if (e.isDirectory()) {
          if (IGNORED_DIRS.has(name)) continue;
          const dir = prefix + name;
          const folder = folders.child(job.root, job.folder, name, dir);
          queue.push({ dir, dirs: [...job.dirs, name], root: job.root, generated: job.generated || GENERATED_DIRS.has(name), folder });
        } else if (e.isFile() || e.isSymbolicLink()) {
          const f: IndexedFile = { path: prefix + name, dirs: job.dirs, root: job.root, generated: job.generated, folder: job.folder };
          byPath.set(f.path, f);
          const list = byName.get(name);
          if (list) list.push(f);
          else byName.set(name, [f]);
        }
      }
    }
    opts.signal?.throwIfAborted();
    // Every list in tie-break order now, with its folder hashes or trie, so that the first frames resolved pay nothing extra.
    const entries = new Map<string, NameEntry>();
    let n = 0;
    for (const [name, files] of byName) {
      entries.set(name, prepare({ files, sorted: false }, folders));
      if ((++n & 255) === 0 && performance.now() - sliceStart > SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        opts.signal?.throwIfAborted();
        sliceStart = performance.now();
      }
    }
    this.byName = entries;
    this.byPath = byPath;
    this.folders = folders;
  }

  /** Adds a file a watcher reported; ignores paths outside the roots or inside ignored folders. Returns whether it was added. */
  add(path: string): boolean {
    if (this.byPath.has(path)) return false;
    const place = this.locate(path);
    if (!place) return false;
    const f: IndexedFile = { path, dirs: place.dirs, root: place.root, generated: place.dirs.some((d) => GENERATED_DIRS.has(d)), folder: place.folder };
    this.byPath.set(path, f);
    const name = basename(path);
    const entry = this.byName.get(name);
    if (entry) {
      entry.files.push(f);
      reset(entry);
    } else this.byName.set(name, { files: [f], sorted: true });
    return true;
  }

  /**
   * Adds every file under a folder a watcher reported created (a folder copied or checked out in one go):
   * watchers may report the folder alone, its files created before the folder itself was watched. Walks at most
   * `limit` files; returns how many were added, or undefined past the limit (the caller then rebuilds).
   */
  addFolder(dir: string, limit = 10_000): number | undefined {
    if (!this.locate(join(dir, '_'))) return 0; // outside the roots, or inside an ignored folder
    let added = 0;
    let seen = 0;
    const queue = [dir];
    for (let d = queue.pop(); d !== undefined; d = queue.pop()) {
      let entries: Dirent[];
      try {
        entries = readdirSync(d, { withFileTypes: true });
      } catch {
        continue; // gone again, or unreadable: the watcher will say
      }
      for (const e of entries) {
        if (e.isDirectory()) {
          if (!IGNORED_DIRS.has(e.name)) queue.push(join(d, e.name));
        } else if (e.isFile() || e.isSymbolicLink()) {
          if (++seen > limit) return undefined;
          if (this.add(join(d, e.name))) added++;
        }
      }
    }
    return added;
  }

  /** Removes a file, or every file under a folder, that a watcher reported deleted. Returns how many were removed. */
  remove(path: string): number {
    const one = this.byPath.get(path);
    if (one) {
      this.drop(one);
      return 1;
    }
    const prefix = path.endsWith(sep) ? path : path + sep;
    const under = [...this.byPath.values()].filter((f) => f.path.startsWith(prefix));
    for (const f of under) this.drop(f);
    return under.length;
  }

  /** Files whose trailing path segments agree with `segments` (at least the basename), best first. */
  suffixMatches(segments: readonly string[]): SuffixMatch[] {
    return this.bestSuffixMatches(segments, Infinity).top;
  }

  /** The best `limit` suffix matches (best first) and how many files share the basename; no full sort of common names. */
  bestSuffixMatches(segments: readonly string[], limit: number): { top: SuffixMatch[]; total: number } {
    const name = segments[segments.length - 1];
    const entry = name === undefined ? undefined : this.byName.get(name);
    if (!entry) return { top: [], total: 0 };
    prepare(entry, this.folders);
    const list = entry.files;
    if (entry.folders) return { top: rank(list, entry.folders, this.folders, segments, limit), total: list.length };
    // A common name: walk the trie down the frame's folders, innermost first, as far as they match.
    let node = entry.trie!;
    const path: TrieNode[] = [node];
    for (let i = segments.length - 2; i >= 0 && node.children; i--) {
      const child: TrieNode | undefined = node.children.get(this.folders.idOf(segments[i]!));
      if (!child) break;
      node = child;
      path.push(node);
    }
    // The deepest node's files match the most segments; fill up from shallower nodes for the runners-up.
    const top: SuffixMatch[] = [];
    // A file of a deeper node is in every shallower one: skip those already taken (few: a scan, else a set).
    const seen = limit > 16 ? new Set<IndexedFile>() : undefined;
    for (let depth = path.length - 1; depth >= 0 && top.length < limit; depth--) {
      const files = path[depth]!.files;
      for (let i = 0; i < files.length && top.length < limit; i++) {
        const file = files[i]!;
        if (depth < path.length - 1 && (seen ? seen.has(file) : taken(top, file))) continue;
        seen?.add(file);
        top.push({ file, matched: depth + 1 });
      }
    }
    return { top, total: list.length };
  }

  private drop(f: IndexedFile): void {
    this.byPath.delete(f.path);
    const name = basename(f.path);
    const entry = this.byName.get(name);
    if (!entry) return;
    const i = entry.files.indexOf(f);
    if (i >= 0) entry.files.splice(i, 1);
    if (entry.files.length === 0) this.byName.delete(name);
    // Removing keeps the order; the hashes and the trie are rebuilt on next use.
    else reset(entry, entry.sorted);
  }

  private locate(path: string): { root: number; dirs: string[]; folder: number } | undefined {
    for (let i = 0; i < this.roots.length; i++) {
      const rel = relative(this.roots[i]!, path);
      if (!rel || rel.startsWith('..') || rel.includes(':')) continue;
      const parts = rel.split(sep);
      const dirs = parts.slice(0, -1);
      if (dirs.some((d) => IGNORED_DIRS.has(d))) return undefined;
      // The folders as the walk would have numbered them.
      let dir = this.roots[i]!;
      let folder = this.folders.root(i, dir);
      for (const d of dirs) {
        dir = dir + sep + d;
        folder = this.folders.child(i, folder, d, dir);
      }
      return { root: i, dirs, folder };
    }
    return undefined;
  }
}

/** The files of one basename, in tie-break order once `sorted`, with what ranks them quickly (built on use). */
interface NameEntry {
  files: IndexedFile[];
  sorted: boolean;
  /** For up to COMMON_NAME files: each file's folder number (parallel to `files`); ranking compares the frame's
   *  segments with the folder table's integers instead of the files' folder strings. */
  folders?: Int32Array;
  /** For common basenames (index.ts, __init__.py): a trie over the folders from the file upwards. */
  trie?: TrieNode;
}

/** Sorts the entry and builds its folder list or trie, when not done yet. */
function prepare(entry: NameEntry, table: FolderTable): NameEntry {
  if (!entry.sorted) {
    if (entry.files.length > 1) entry.files.sort(byTie);
    entry.sorted = true;
  }
  const files = entry.files;
  if (files.length > COMMON_NAME) entry.trie ??= buildTrie(files, table);
  else if (!entry.folders) {
    const folders = new Int32Array(files.length);
    for (let i = 0; i < files.length; i++) folders[i] = files[i]!.folder;
    entry.folders = folders;
  }
  return entry;
}

function reset(entry: NameEntry, sorted = false): void {
  entry.sorted = sorted;
  delete entry.folders;
  delete entry.trie;
}

function taken(top: readonly SuffixMatch[], file: IndexedFile): boolean {
  for (const m of top) if (m.file === file) return true;
  return false;
}

interface TrieNode {
  /** Every file whose folders, from the innermost up, start with the segments leading here. */
  files: IndexedFile[];
  /** By folder name id (see FolderTable). */
  children?: Map<number, TrieNode>;
}

function buildTrie(list: readonly IndexedFile[], table: FolderTable): TrieNode {
  // `list` is in tie-break order, so every node's files are too.
  const root: TrieNode = { files: [...list] };
  for (const f of list) {
    let node = root;
    for (let j = f.dirs.length - 1, folder = f.folder; j >= 0; j--, folder = table.parentOf(folder)) {
      node.children ??= new Map();
      const name = table.nameOf(folder);
      let child = node.children.get(name);
      if (!child) {
        child = { files: [] };
        node.children.set(name, child);
      }
      child.files.push(f);
      node = child;
    }
  }
  return root;
}

/** The best `limit` of `list` for `segments`, best first, by insertion (the list stays at most `limit` long). */
function rank(list: readonly IndexedFile[], folders: Int32Array, table: FolderTable, segments: readonly string[], limit: number): SuffixMatch[] {
  // `list` is in tie-break order: a later file wins only with more matching segments.
  const top: SuffixMatch[] = [];
  const ids = table.segmentIds(segments);
  for (let n = 0; n < list.length; n++) {
    const matched = 1 + table.matching(folders[n]!, segments, ids);
    if (top.length >= limit && matched <= top[top.length - 1]!.matched) continue;
    // Insert after every entry that matched as much (they come first in tie-break order), dropping the last when full.
    let k = top.length < limit ? top.length : limit - 1;
    if (top.length < limit) top.push(undefined as unknown as SuffixMatch);
    while (k > 0 && matched > top[k - 1]!.matched) {
      top[k] = top[k - 1]!;
      k--;
    }
    top[k] = { file: list[n]!, matched };
  }
  return top;
}

function byTie(a: IndexedFile, b: IndexedFile): number {
  return (
    Number(a.generated) - Number(b.generated) ||
    a.root - b.root ||
    a.dirs.length - b.dirs.length ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
}

/**
 * Tie-breaks, in order: more trailing segments in common; a source file over
 * one in a build output folder; the earlier workspace root; the shallower
 * path; then alphabetical, so the choice never depends on walk order.
 */
export function compareMatches(a: SuffixMatch, b: SuffixMatch): number {
  return b.matched - a.matched || byTie(a.file, b.file);
}
