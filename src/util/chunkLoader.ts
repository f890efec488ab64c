import { MissingPartError } from './missingPart';

/** What a lazily loaded chunk exports (see scripts/lazyChunk.mjs). */
interface Chunk {
  init(shellModules: Readonly<Record<string, unknown>>): void;
  modules: Readonly<Record<string, () => unknown>>;
}

function isChunk(x: unknown): x is Chunk {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Partial<Chunk>;
  return typeof c.init === 'function' && typeof c.modules === 'object' && c.modules !== null;
}

/**
 * The shell's side of the lazy chunk: returns `lazyModule(key)`, a stand-in
 * for one module of the chunk. The chunk is required (once) the first time a
 * stand-in is read, and handed the modules the shell already holds so each
 * exists once. A stand-in, not the module itself: the bundler caches a module
 * object even when it throws while loading, so a failed load must throw on
 * every read (a clear MissingPartError), never leave an empty module behind.
 * The same holds for a part the chunk itself requires (dist/vendor.js, the
 * libraries it shares with the listener worker): its MissingPartError, thrown
 * while a module of the chunk loads, is kept and thrown on every later read.
 */
export function chunkLoader(
  file: string,
  requireChunk: () => unknown,
  shellModules: Readonly<Record<string, unknown>>,
): (key: string) => object {
  let chunk: Chunk | undefined;
  let broken: MissingPartError | undefined;
  const loaded = new Map<string, object>();
  const load = (key: string): object => {
    const hit = loaded.get(key);
    if (hit) return hit;
    if (broken) throw broken;
    if (!chunk) {
      let c: unknown;
      try {
        c = requireChunk();
      } catch (e) {
        throw new MissingPartError(file, e);
      }
      if (!isChunk(c)) throw new MissingPartError(file, new Error(`${file} is not a chunk of this extension`));
      c.init(shellModules);
      chunk = c;
    }
    const get = chunk.modules[key];
    if (!get) throw new MissingPartError(file, new Error(`${file} holds no module ${key}`));
    let mod: object;
    try {
      mod = get() as object;
    } catch (e) {
      if (e instanceof MissingPartError) broken = e;
      throw e;
    }
    loaded.set(key, mod);
    return mod;
  };
  return (key) =>
    new Proxy(
      {},
      {
        get: (_t, p) => Reflect.get(load(key), p),
        has: (_t, p) => Reflect.has(load(key), p),
        ownKeys: () => Reflect.ownKeys(load(key)),
        getOwnPropertyDescriptor: (_t, p) => {
          const d = Reflect.getOwnPropertyDescriptor(load(key), p);
          return d ? { ...d, configurable: true } : undefined;
        },
      },
    );
}
