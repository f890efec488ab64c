import { strict as assert } from 'node:assert';
import { userMessageOf } from '../../../src/sentry/errors';
import { chunkLoader } from '../../../src/util/chunkLoader';
import { MissingPartError } from '../../../src/util/missingPart';

const notFound = () => {
  throw Object.assign(new Error("Cannot find module './lazy.js'"), { code: 'MODULE_NOT_FOUND' });
};

describe('chunkLoader: the shell’s side of the lazy chunk', () => {
  it('a missing chunk fails every read with a clear MissingPartError, never an empty module', () => {
    const mod = chunkLoader('lazy.js', notFound, {})('src/capture/listener/listener.ts') as { CaptureListener?: unknown };
    for (let i = 0; i < 2; i++) {
      assert.throws(
        () => mod.CaptureListener,
        (e: unknown) => e instanceof MissingPartError && e.code === 'missing-part' && /lazy\.js/.test(e.userMessage) && /reinstall/.test(e.userMessage),
      );
    }
    assert.throws(() => Object.keys(mod), MissingPartError);
  });

  it('userMessageOf shows the sentence, not the generic one', () => {
    let caught: unknown;
    try {
      Object.keys(chunkLoader('lazy.js', notFound, {})('k'));
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof MissingPartError);
    assert.equal(userMessageOf(caught), caught.userMessage);
  });

  it('refuses a file that is not a chunk, and a module the chunk does not hold', () => {
    assert.throws(() => Object.keys(chunkLoader('lazy.js', () => ({}), {})('k')), /lazy\.js.*could not be loaded/);
    const chunk = { init: () => undefined, modules: {} };
    assert.throws(() => Object.keys(chunkLoader('lazy.js', () => chunk, {})('k')), (e: unknown) => e instanceof MissingPartError && /holds no module k/.test(String((e.cause as Error).message)));
  });

  it('a part the chunk needs (vendor.js) missing: its MissingPartError comes back on every read, never the half-loaded module', () => {
    let calls = 0;
    // As the bundler does: the first load throws, later loads return the module object it cached, empty.
    const chunk = {
      init: () => undefined,
      modules: {
        a: () => {
          calls++;
          if (calls === 1) throw new MissingPartError('vendor.js', new Error("Cannot find module './vendor.js'"));
          return {};
        },
        b: () => ({ fine: true }),
      },
    };
    const load = chunkLoader('lazy.js', () => chunk, {});
    for (const key of ['a', 'a', 'b']) {
      assert.throws(() => Object.keys(load(key)), (e: unknown) => e instanceof MissingPartError && /vendor\.js/.test(e.userMessage), key);
    }
    assert.equal(calls, 1, 'the broken chunk is not asked again');
  });

  it('requires the chunk once, hands it the shell modules, and reads through to the module', () => {
    let requires = 0;
    let given: unknown;
    const shared = { 'src/util/result.ts': { ok: 1 } };
    const chunk = {
      init: (m: unknown) => {
        given = m;
      },
      modules: { a: () => ({ value: 1, f: () => 2 }), b: () => ({ other: true }) },
    };
    const load = chunkLoader('lazy.js', () => (requires++, chunk), shared);
    const a = load('a') as { value: number; f(): number };
    const b = load('b') as { other: boolean };
    assert.equal(requires, 0, 'nothing is required before a module is read');
    assert.equal(a.value, 1);
    assert.equal(a.f(), 2);
    assert.equal(b.other, true);
    assert.deepEqual(Object.keys(a), ['value', 'f']);
    assert.equal(requires, 1);
    assert.equal(given, shared);
  });
});
