/**
 * The folders of the indexed tree as integers: every folder name gets an id once, and every folder a
 * number with its name's id and its parent folder's number, in flat typed arrays. Comparing a frame's
 * trailing segments with a file's folders is then a walk up these arrays comparing integers, touching
 * neither the file objects nor their folder strings.
 */
export class FolderTable {
  private readonly nameIds = new Map<string, number>();
  /** Folder number by its absolute path, per workspace root (nested roots number the same folder apart). */
  private readonly byPath: Map<string, number>[] = [];
  /** Name id of each folder; ROOT for a workspace root (its name is not part of any file's folders). */
  private names: Int32Array<ArrayBuffer> = new Int32Array(1024);
  /** Parent folder number of each folder; -1 above a root. */
  private parents: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private count = 0;
  /** Reused storage for one frame's segment ids (see `segmentIds`). */
  private ids = new Int32Array(64);

  /** The number of workspace root `root`'s folder, at `path`. */
  root(root: number, path: string): number {
    return this.paths(root).get(path) ?? this.push(root, path, ROOT, -1);
  }

  /** The number of folder `name` (at `path`) inside folder `parent`, walked from workspace root `root`. */
  child(root: number, parent: number, name: string, path: string): number {
    return this.paths(root).get(path) ?? this.push(root, path, this.nameId(name), parent);
  }

  /** The id of a folder name, or UNKNOWN when no indexed folder has that name (then it matches nothing). */
  idOf(name: string): number {
    return this.nameIds.get(name) ?? UNKNOWN;
  }

  nameOf(folder: number): number {
    return this.names[folder]!;
  }

  parentOf(folder: number): number {
    return this.parents[folder]!;
  }

  /**
   * How many of `segments` (all but the last, from the innermost up) agree with `folder` and the folders above
   * it, up to the workspace root. `ids` caches the segments' name ids for one frame (filled on first use).
   */
  matching(folder: number, segments: readonly string[], ids: Int32Array): number {
    let matched = 0;
    for (let i = segments.length - 2; i >= 0 && folder >= 0; i--) {
      let id = ids[i]!;
      if (id === UNSET) ids[i] = id = this.idOf(segments[i]!);
      const name = this.names[folder]!;
      if (name === ROOT || name !== id) break;
      matched++;
      folder = this.parents[folder]!;
    }
    return matched;
  }

  /** Storage for `matching`'s segment ids, all UNSET; valid until the next call (one frame is ranked at a time). */
  segmentIds(segments: readonly string[]): Int32Array {
    if (this.ids.length < segments.length) this.ids = new Int32Array(segments.length * 2);
    this.ids.fill(UNSET, 0, segments.length);
    return this.ids;
  }

  private nameId(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.nameIds.size;
      this.nameIds.set(name, id);
    }
    return id;
  }

  private paths(root: number): Map<string, number> {
    let m = this.byPath[root];
    if (m === undefined) this.byPath[root] = m = new Map();
    return m;
  }

  private push(root: number, path: string, name: number, parent: number): number {
    if (this.count === this.names.length) {
      this.names = grow(this.names);
      this.parents = grow(this.parents);
    }
    const n = this.count++;
    this.names[n] = name;
    this.parents[n] = parent;
    this.paths(root).set(path, n);
    return n;
  }
}

/** Name id of a root folder: matches no segment. */
const ROOT = -1;
/** Name id of a segment no indexed folder has. */
const UNKNOWN = -2;
/** A segment whose id was not looked up yet. */
const UNSET = -3;

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

