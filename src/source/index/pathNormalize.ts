/**
 * Turns the path a stack frame reports (a URL, a bundler pseudo-path, a
 * Windows path, a path from another machine) into forward-slash segments that
 * can be compared with local files by suffix.
 */

export interface FramePath {
  /** The path after schemes, bundler prefixes and query strings are removed, with `/` separators. */
  path: string;
  /** Non-empty path segments without `.` and `..`, in order; the last one is the basename. */
  segments: string[];
  /** True when `path` is an absolute local path (`/x`, `C:/x`, or from `file://`). */
  absolute: boolean;
  /** A frame inside the runtime itself (`node:internal/...`, `<anonymous>`, `[native code]`, `<frozen ...>`): never a workspace file. */
  internal: boolean;
  /** The segments after the first `node_modules` / `site-packages` / `dist-packages`, when the frame points into one. */
  vendored?: { dir: string; rest: string[] };
}

const INTERNAL = /^(node:|<[^>]*>$|\[native code\]$|native$|internal\/|\[eval\])/;
const VENDOR_DIRS = new Set(['node_modules', 'site-packages', 'dist-packages']);

/** Removes what Sentry SDKs and bundlers put in front of a source path. */
export function stripFramePrefixes(raw: string): { path: string; absolute: boolean } {
  // Each rewrite runs only when its text is there: most frames are a plain path, and this runs for every frame.
  let p = raw.trim();
  if (p.includes('\\')) p = p.replace(/\\/g, '/');
  // Query strings and fragments (`bundle.js?v=3`, `chunk.js#hash`); a `?` or `#` can't start a real file name here.
  if (p.includes('?') || p.includes('#')) p = p.replace(/[?#].*$/, '');
  let absolute = false;
  let m: RegExpExecArray | null;
  if (!p.includes('://')) {
    // No scheme or bundler prefix (they all have "://"): the checks after the prefixes below.
    absolute = p.startsWith('/') || /^[a-zA-Z]:\//.test(p);
  } else if ((m = /^file:\/\/(?:localhost)?(\/.*)$/i.exec(p))) {
    p = decodeSafe(m[1]!);
    // file:///C:/x -> C:/x
    if (/^\/[a-zA-Z]:\//.test(p)) p = p.slice(1);
    absolute = true;
  } else if ((m = /^webpack-internal:\/\/\/?(.*)$/i.exec(p))) {
    p = m[1]!;
  } else if ((m = /^webpack:\/\/[^/]*\/(.*)$/i.exec(p))) {
    // webpack://<name>/./src/x.ts and webpack:///./src/x.ts
    p = m[1]!;
  } else if ((m = /^app:\/\/\/?(.*)$/i.exec(p))) {
    p = m[1]!;
  } else if ((m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(p))) {
    // http(s)://host:port/path, chrome-extension://id/path, ...
    p = decodeSafe(m[1] ?? '');
  } else if (p.startsWith('/')) {
    absolute = true;
  } else if (/^[a-zA-Z]:\//.test(p)) {
    absolute = true;
  }
  // Next.js layer markers: webpack-internal:///(app-pages-browser)/./src/x.ts
  if (p.startsWith('(')) p = p.replace(/^\([^)/]*\)\//, '');
  if (p.startsWith('~/')) p = p.slice(2);
  while (p.startsWith('./')) p = p.slice(2);
  return { path: p, absolute };
}

export function normalizeFramePath(raw: string): FramePath {
  const { path, absolute } = stripFramePrefixes(raw);
  const segments = splitSegments(path);
  const first = raw.trimStart()[0];
  const internal = (first === 'n' || first === '<' || first === '[' || first === 'i') && INTERNAL.test(raw.trim());
  const out: FramePath = { path, segments, absolute, internal };
  // Most paths name no dependency folder: one substring test instead of a set lookup per segment.
  if (path.includes('_modules') || path.includes('-packages')) {
    const v = segments.findIndex((s) => VENDOR_DIRS.has(s));
    if (v >= 0 && v < segments.length - 1) out.vendored = { dir: segments[v]!, rest: segments.slice(v + 1) };
  }
  return out;
}

/** The non-empty segments of a `/` path without `.` and `..` (one split; a second pass only when there are such). */
function splitSegments(path: string): string[] {
  const parts = path.split('/');
  for (const seg of parts) if (seg === '' || seg === '.' || seg === '..') return parts.filter((s) => s !== '' && s !== '.' && s !== '..');
  return parts;
}

/** Path segments a Python module or a JVM class implies, given the frame's basename; undefined when the module says nothing useful. */
export function moduleSegments(module: string | undefined, basename: string | undefined, platform?: string): string[] | undefined {
  // Node's `module` ("handlers:order") and other path-like names say nothing the path does not.
  if (!module || !basename || module === '__main__' || module.startsWith('<') || /[:/\\]/.test(module)) return undefined;
  const dot = basename.lastIndexOf('.');
  const stem = dot > 0 ? basename.slice(0, dot) : basename;
  const ext = dot > 0 ? basename.slice(dot + 1).toLowerCase() : '';
  const parts = module.split('.').filter(Boolean);
  if (parts.length === 0) return undefined;
  if (JVM_EXTENSIONS.has(ext) || (ext === '' && platform === 'java')) {
    // Java/Kotlin/Scala: `module` is the class (`io.x.Outer$Inner`, `io.x.FileKt`); the file lives in the package's folder.
    parts.pop();
    return [...parts, basename];
  }
  const last = parts[parts.length - 1]!;
  if (last === stem) parts.pop();
  // Python packages: module `app.views` with filename `__init__.py` lives in app/views/__init__.py.
  return [...parts, basename];
}

const JVM_EXTENSIONS = new Set(['java', 'kt', 'kts', 'scala', 'groovy', 'clj']);

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
