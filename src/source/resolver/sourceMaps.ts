import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEAST_UPPER_BOUND, TraceMap, originalPositionFor, sourceContentFor } from '@jridgewell/trace-mapping';
import { LruCache } from '../../util/lruCache';

export interface OriginalPosition {
  /** The original source as the map names it, resolved against the map's folder and `sourceRoot` (a local path when the map is local). */
  source: string;
  /** 1-based. */
  line: number;
  /** 1-based, as the editor shows. */
  column: number;
  /** Where the map came from: a `.map` path, or `inline` for a data URL. */
  mapFile: string;
  /** The original source's text as the map embeds it (`sourcesContent`), when it does. */
  content?: string;
}

export type SourceMapOutcome = { kind: 'none' } | { kind: 'error'; reason: string } | { kind: 'mapped'; position: OriginalPosition };

const SCRIPT = /\.(m|c)?jsx?$/i;

/** Only generated JavaScript is looked at for a source map. */
export function mayHaveSourceMap(file: string): boolean {
  return SCRIPT.test(file);
}
const MAP_URL = /\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/;

/** A generated file's map as read: the parsed map, none, or why it could not be read. */
export type LoadedMap = { map: TraceMap; mapFile: string } | null | { error: string };

/**
 * Finds and reads the source map of a generated JavaScript file (a
 * `sourceMappingURL` comment, an inline data URL, or `<file>.map` beside it)
 * and maps positions through it. What was read (also "no map" and "unreadable
 * map") is kept per generated file in an LRU until `invalidate`.
 */
export class SourceMaps {
  private maps = new LruCache<string, LoadedMap>(64);

  constructor(
    private readonly io: {
      /** The generated file's lines (the resolver's cached reader). */
      lines(path: string): Promise<readonly string[] | undefined>;
      readText(path: string): Promise<string | undefined>;
    },
  ) {}

  /** Forgets what was read for a file (the bundle or its map changed). */
  invalidate(path: string): void {
    this.maps.delete(path);
    if (path.endsWith('.map')) this.maps.delete(path.slice(0, -4));
  }

  clear(): void {
    this.maps.clear();
  }

  /** What was read for `file`, or undefined when it was not read yet (then `load` it). */
  peek(file: string): LoadedMap | undefined {
    return this.maps.get(file);
  }

  /** Reads `file`'s map (once: later calls answer from the cache) and returns it. */
  async load(file: string): Promise<LoadedMap> {
    const cached = this.maps.get(file);
    if (cached !== undefined) return cached;
    let entry: LoadedMap;
    try {
      entry = await this.read(file);
    } catch (e) {
      entry = { error: `the source map of ${file} could not be read: ${e instanceof Error ? e.message : String(e)}` };
    }
    this.maps.set(file, entry);
    return entry;
  }

  /** `line` 1-based, `column` 1-based (as Sentry reports `colno`). */
  async original(file: string, line: number, column: number | undefined): Promise<SourceMapOutcome> {
    if (!SCRIPT.test(file)) return { kind: 'none' };
    return positionIn(await this.load(file), line, column);
  }

  private async read(file: string): Promise<{ map: TraceMap; mapFile: string } | null> {
    const lines = await this.io.lines(file);
    if (!lines) return null;
    let url: string | undefined;
    for (let i = lines.length - 1; i >= 0 && i >= lines.length - 5; i--) {
      const m = MAP_URL.exec(lines[i]!);
      if (m) {
        url = m[1]!;
        break;
      }
    }
    if (url?.startsWith('data:')) {
      const comma = url.indexOf(',');
      const meta = url.slice(5, comma);
      const body = url.slice(comma + 1);
      const json = meta.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
      // Sources of an inline map resolve against the generated file's folder.
      return { map: new TraceMap(json, file), mapFile: 'inline' };
    }
    const candidates: string[] = [];
    if (url) {
      const clean = url.replace(/[?#].*$/, '');
      if (clean.startsWith('file://')) candidates.push(fileURLToPath(clean));
      else if (!/^[a-z][a-z0-9+.-]*:/i.test(clean)) candidates.push(isAbsolute(clean) ? clean : resolve(dirname(file), decodeURIComponent(clean)));
    }
    candidates.push(`${file}.map`);
    for (const mapFile of candidates) {
      const text = await this.io.readText(mapFile);
      if (text === undefined) continue;
      return { map: new TraceMap(text, mapFile), mapFile };
    }
    return null;
  }
}

/** Maps a position through a loaded map (synchronous: the map is in memory). */
export function positionIn(entry: LoadedMap, line: number, column: number | undefined): SourceMapOutcome {
  if (entry === null) return { kind: 'none' };
  if ('error' in entry) return { kind: 'error', reason: entry.error };
  const pos = originalPositionFor(entry.map, { line, column: Math.max(0, (column ?? 1) - 1) });
  if (pos.source === null || pos.line === null) {
    // A column before the first mapping on the line: take the nearest mapping to the right.
    const left = originalPositionFor(entry.map, { line, column: Math.max(0, (column ?? 1) - 1), bias: LEAST_UPPER_BOUND });
    if (left.source === null || left.line === null) return { kind: 'error', reason: `${entry.mapFile} has no mapping for line ${line}${column !== undefined ? `, column ${column}` : ''}` };
    return { kind: 'mapped', position: withContent(entry.map, left.source, { source: toLocal(left.source), line: left.line, column: (left.column ?? 0) + 1, mapFile: entry.mapFile }) };
  }
  return { kind: 'mapped', position: withContent(entry.map, pos.source, { source: toLocal(pos.source), line: pos.line, column: (pos.column ?? 0) + 1, mapFile: entry.mapFile }) };
}

/** Adds the source's embedded text (a reference into the parsed map, not a copy). */
function withContent(map: TraceMap, source: string, position: OriginalPosition): OriginalPosition {
  const content = sourceContentFor(map, source);
  if (typeof content === 'string') position.content = content;
  return position;
}

function toLocal(source: string): string {
  if (source.startsWith('file://')) {
    try {
      return fileURLToPath(source);
    } catch {
      return source;
    }
  }
  return source;
}
