import { readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { type FileIndex, IGNORED_DIRS } from '../index/fileIndex';
import { LruCache } from '../../util/lruCache';

/** Paths whose existence is remembered before the whole table starts over (a plain map: no reordering on reads). */
const KNOWN_PATHS = 65_536;

/**
 * What the resolver knows of the file system, each fact found out once and
 * kept until `invalidate` says the path changed: whether a path is a file (the
 * index answers inside the workspace; one stat call outside it, and none under
 * a folder already known to be missing, such as `/srv/deploy` of a server's
 * paths), and the lines of the files read for context checks and
 * source maps (a bounded cache).
 */
export class FileFacts {
  /** File lines: up to 1,024 files or about 64 MB of text; null for a file that could not be read. */
  private readonly lineCache = new LruCache<string, readonly string[] | null>(1024, (lines) => (lines ? lines.reduce((n, l) => n + l.length + 1, 0) * 2 : 16), 64 * 1024 * 1024);
  private known = new Map<string, boolean>();
  /** Folders known to be missing: for each missing file checked, the highest missing folder above it. */
  private readonly missingDirs = new Set<string>();
  /** Folders outside the index known to exist, so that they are not checked again. */
  private readonly presentDirs = new Set<string>();
  /** True once the index was built: inside the indexed part of the roots, the index is the truth. */
  indexed = false;

  constructor(
    private readonly roots: readonly string[],
    private readonly index: FileIndex,
    private readonly read: (path: string) => Promise<string>,
  ) {}

  /** Synchronous on purpose: an index lookup, a map lookup, or (once per path) one stat call. */
  exists(path: string): boolean {
    if (this.index.has(path)) return true;
    const known = this.known.get(path);
    if (known !== undefined) return known;
    let exists: boolean;
    if (this.indexed && this.inIndexedPart(path)) exists = false;
    else if (this.underMissingDir(path)) exists = false;
    else {
      exists = statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
      if (!exists) this.noteMissing(path);
    }
    if (this.known.size >= KNOWN_PATHS) this.known = new Map();
    this.known.set(path, exists);
    return exists;
  }

  /** The root a path lies under (plain prefix test: paths here are absolute and normalised). */
  rootOf(path: string): string | undefined {
    for (const root of this.roots) {
      if (path.length > root.length && path.startsWith(root) && (path[root.length] === sep || root.endsWith(sep))) return root;
    }
    return undefined;
  }

  /** A file's lines when they were read already: null when it could not be read, undefined when not read yet. */
  cachedLines(path: string): readonly string[] | null | undefined {
    return this.lineCache.get(path);
  }

  async lines(path: string): Promise<readonly string[] | undefined> {
    const cached = this.lineCache.get(path);
    if (cached !== undefined) return cached ?? undefined;
    const text = await this.readText(path);
    const lines = text === undefined ? null : splitLines(text);
    this.lineCache.set(path, lines);
    return lines ?? undefined;
  }

  async readText(path: string): Promise<string | undefined> {
    try {
      return await this.read(path);
    } catch {
      return undefined;
    }
  }

  /** A path was created, changed or deleted: forget its lines and existence, and the missing folders above it. */
  invalidate(path: string): void {
    this.lineCache.delete(path);
    this.known.delete(path);
    if (this.missingDirs.size) {
      for (const d of [...this.missingDirs]) if (path === d || path.startsWith(d + sep)) this.missingDirs.delete(d);
    }
  }

  /** A folder went, or something changed that no single path describes: forget everything. */
  clear(): void {
    this.lineCache.clear();
    this.known = new Map();
    this.missingDirs.clear();
    this.presentDirs.clear();
  }

  /** Existence facts only (the index was rebuilt); file lines stay. */
  clearExistence(): void {
    this.known = new Map();
    this.missingDirs.clear();
    this.presentDirs.clear();
  }

  /** True when the path lies under a root and outside ignored folders, where the index is the truth. */
  private inIndexedPart(path: string): boolean {
    const root = this.rootOf(path);
    if (root === undefined) return false;
    let start = root.length + (root.endsWith(sep) ? 0 : 1);
    for (let end = path.indexOf(sep, start); end >= 0; end = path.indexOf(sep, start)) {
      if (end > start && IGNORED_DIRS.has(path.slice(start, end))) return false;
      start = end + 1;
    }
    return true;
  }

  /** True when a folder above `path` is known to be missing (one map lookup per folder level, no allocation but the slices). */
  private underMissingDir(path: string): boolean {
    if (this.missingDirs.size === 0) return false;
    const top = topFolder(path);
    if (top === undefined) return false;
    for (let end = top.length; end > 0; end = path.indexOf(sep, end + 1)) {
      if (this.missingDirs.has(path.slice(0, end))) return true;
    }
    return false;
  }

  /** After a miss: the highest folder above `path` that is missing, found from the top down (each folder checked once). */
  private noteMissing(path: string): void {
    const top = topFolder(path);
    if (top === undefined) return;
    for (let end = top.length; end > 0; end = path.indexOf(sep, end + 1)) {
      const dir = path.slice(0, end);
      if (this.presentDirs.has(dir)) continue;
      if (statSync(dir, { throwIfNoEntry: false })?.isDirectory()) this.presentDirs.add(dir);
      else {
        this.missingDirs.add(dir);
        return;
      }
    }
  }
}

/** `/srv` of `/srv/app/x.py`, `C:\srv` of `C:\srv\x.py`, `\\host\share` of a UNC path; undefined for a file at the top. */
export function topFolder(path: string, separator: string = sep): string | undefined {
  let from = 1;
  if (path.startsWith(separator + separator)) {
    // UNC: \\server\share\...
    const server = path.indexOf(separator, 2);
    if (server < 0) return undefined;
    from = server + 1;
  } else if (/^[a-zA-Z]:/.test(path)) from = 3;
  const end = path.indexOf(separator, from);
  return end > 0 ? path.slice(0, end) : undefined;
}

/** Lines of a text with any line ending (a plain split when there is no carriage return, the common case). */
function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

/** Source files are small: one synchronous read is several times cheaper than a trip through the thread pool. */
export async function readTextSync(path: string): Promise<string> {
  return readFileSync(path, 'utf8');
}
