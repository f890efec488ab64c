import * as path from 'node:path';
import { isAbsolute, relative } from 'node:path';
import { z } from 'zod';
import { type Result, fail, ok } from '../../util/result';
import { type PathApi, ownPath, startsWithRoot } from './localPath';

/**
 * A Sentry-style code mapping: a frame path that starts with `stackRoot` is
 * looked up under `sourceRoot` with the rest of its path. `sourceRoot` is
 * relative to the first workspace root, or absolute.
 */
export interface CodeMapping {
  stackRoot: string;
  sourceRoot: string;
}

const mappingSchema = z.object({
  stackRoot: z.string(),
  sourceRoot: z.string(),
});

/** Parses the `sentry.codeMappings` setting or a mappings file's JSON (an array, or `{ "codeMappings": [...] }`). */
export function parseCodeMappings(value: unknown): Result<CodeMapping[]> {
  const list = typeof value === 'object' && value !== null && !Array.isArray(value) && 'codeMappings' in value ? (value as { codeMappings: unknown }).codeMappings : value;
  if (!Array.isArray(list)) return fail('code mappings must be a list of { "stackRoot": "...", "sourceRoot": "..." } objects');
  const out: CodeMapping[] = [];
  for (let i = 0; i < list.length; i++) {
    const parsed = mappingSchema.safeParse(list[i]);
    if (!parsed.success) {
      const missing = parsed.error.issues.map((iss) => iss.path.join('.') || 'entry').join(', ');
      return fail(`code mapping #${i + 1} is not valid: ${missing} must be a string ({ "stackRoot": "...", "sourceRoot": "..." })`);
    }
    const stackRoot = parsed.data.stackRoot.trim().replace(/\\/g, '/');
    if (stackRoot === '') return fail(`code mapping #${i + 1} has an empty stackRoot; give the path prefix the stack traces show, e.g. "/app/"`);
    out.push({ stackRoot, sourceRoot: parsed.data.sourceRoot.trim() });
  }
  return ok(out);
}

/** Mappings in the order Sentry tries them: the longest (most specific) stack root first, ties in the order given. */
export function orderMappings(mappings: readonly CodeMapping[]): CodeMapping[] {
  return mappings
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.stackRoot.length - a.m.stackRoot.length || a.i - b.i)
    .map((x) => x.m);
}

/**
 * The local paths the mappings give for one frame path, in the order to try
 * them. A stack root matches at a path boundary: `/app` matches `/app/x.py`
 * but not `/application/x.py`.
 */
export function applyMappings(framePath: string, ordered: readonly CodeMapping[], workspaceRoot: string | undefined, paths: PathApi = path): Array<{ path: string; mapping: CodeMapping }> {
  const p = framePath.replace(/\\/g, '/');
  const out: Array<{ path: string; mapping: CodeMapping }> = [];
  for (const mapping of ordered) {
    const root = mapping.stackRoot;
    if (!startsWithRoot(p, root)) continue;
    const rest = p.slice(root.length).replace(/^\/+/, '');
    const base = paths.isAbsolute(mapping.sourceRoot) ? mapping.sourceRoot : paths.resolve(workspaceRoot ?? '.', mapping.sourceRoot);
    const local = rest ? paths.join(base, ...rest.split('/')) : base;
    out.push({ path: ownPath(local, paths), mapping });
  }
  return out;
}

/**
 * The mapping that would send `framePath` (as the stack trace shows it) to `localFile`: the parts before
 * their longest common tail, e.g. `/srv/app/src/x.py` + `/ws/backend/src/x.py` -> `{ stackRoot: "/srv/app/",
 * sourceRoot: "backend" }` (relative to `workspaceRoot` when inside it). For "Add Code Mapping"; undefined
 * when not even the file names agree.
 */
export function suggestCodeMapping(framePath: string, localFile: string, workspaceRoot: string | undefined): CodeMapping | undefined {
  const frame = framePath.replace(/\\/g, '/');
  const local = localFile.replace(/\\/g, '/');
  const fs = frame.split('/');
  const ls = local.split('/');
  let k = 0;
  while (k < fs.length && k < ls.length && fs[fs.length - 1 - k] === ls[ls.length - 1 - k] && fs[fs.length - 1 - k] !== '') k++;
  if (k === 0) return undefined;
  const stackRoot = fs.slice(0, fs.length - k).join('/');
  const sourceAbs = ls.slice(0, ls.length - k).join('/') || '/';
  let sourceRoot = sourceAbs;
  if (workspaceRoot) {
    const rel = relative(workspaceRoot, sourceAbs).replace(/\\/g, '/');
    if (!rel.startsWith('..') && !isAbsolute(rel)) sourceRoot = rel || '.';
  }
  return { stackRoot: stackRoot === '' ? '' : `${stackRoot}/`, sourceRoot };
}
