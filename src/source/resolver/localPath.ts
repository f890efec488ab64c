import * as path from 'node:path';

/** The parts of `node:path` the resolver's path handling depends on (the platform's own, or `path.win32` in tests). */
export type PathApi = Pick<typeof path, 'sep' | 'isAbsolute' | 'normalize' | 'join' | 'resolve' | 'relative'>;

const DRIVE = /^[a-zA-Z]:/;
/** `C:/`, `c:\`: a path that starts at a drive. */
const DRIVE_ROOT = /^[a-zA-Z]:[\\/]/;

/** True for a path written the Windows way at its start: a drive (`C:/`, `c:\`) or a UNC share (`//server/`, `\\server\`). */
export function isWindowsRooted(p: string): boolean {
  // Both forms have `:`, `/` or `\` as their second character: most paths are ruled out without a regex.
  const second = p.charCodeAt(1);
  if (second !== 58 && second !== 47 && second !== 92) return false;
  return DRIVE_ROOT.test(p) || /^(?:\/\/|\\\\)[^/\\]/.test(p);
}

/**
 * A path in this machine's own form, so that the same file is always the same string: on Windows
 * separators become `\` and the drive letter upper case (VS Code reports `c:\`, Node and SDKs `C:\`);
 * elsewhere the path is left as it is. Paths that cannot be local here (a Windows path on Linux, a
 * relative path) give undefined.
 */
export function localPath(p: string, paths: PathApi = path): string | undefined {
  if (paths.sep === '\\') {
    if (!DRIVE_ROOT.test(p) && !/^(?:\/\/|\\\\)[^/\\]/.test(p)) return undefined;
    const n = paths.normalize(p);
    return DRIVE.test(n) ? n[0]!.toUpperCase() + n.slice(1) : n;
  }
  // `//server/share` is a Windows share written with slashes, not a path of this machine.
  return p.startsWith('/') && !p.startsWith('//') ? p : undefined;
}

/** Like `localPath` for paths known to be local (workspace roots, watcher events): never undefined. */
export function ownPath(p: string, paths: PathApi = path): string {
  return localPath(p, paths) ?? p;
}

/**
 * Whether `p` starts with the stack root `root` (both with `/` separators) at a path boundary. Windows
 * stack roots (a drive or a UNC share) compare without regard to case, as Windows does: a frame may
 * say `c:\app\` where the mapping says `C:\App\`.
 */
export function startsWithRoot(p: string, root: string): boolean {
  if (p.length < root.length) return false;
  const same = p.startsWith(root) || (isWindowsRooted(root) && p.slice(0, root.length).toLowerCase() === root.toLowerCase());
  return same && (root.endsWith('/') || p.length === root.length || p[root.length] === '/');
}
