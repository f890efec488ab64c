// The split build: the shell (dist/shell.js) holds no zod or undici, no
// module of src/ is in both files, a class the shell checks with instanceof
// (SentryError) is the shell's own when the chunk throws it, and each library
// the chunk shares with the listener worker is in dist/vendor.js alone.
import { strict as assert } from 'node:assert';
import * as esbuild from 'esbuild';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSplitExtension } from '../../../scripts/lazyChunk.mjs';
import { vendorPlugin } from '../../../scripts/vendorChunk.mjs';
import { chunkLoader } from '../../../src/util/chunkLoader';
import { MissingPartError } from '../../../src/util/missingPart';
import { parseDsn } from '../../../src/sentry/send/dsn';
import { SentryError, userMessageOf } from '../../../src/sentry/errors';

const root = resolve(__dirname, '../../..');
const requireHere = createRequire(__filename);

function srcInputs(meta: { outputs: Record<string, { inputs: Record<string, unknown>; entryPoint?: string }> }): string[] {
  return Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs)).filter((f) => f.startsWith('src/'));
}

describe('scripts/lazyChunk: the shell and its lazy chunk', function () {
  this.timeout(60_000);
  let out: string;
  let split: Awaited<ReturnType<typeof buildSplitExtension>>;
  let worker: esbuild.Metafile;
  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'sentry-lens-split-'));
    const options: esbuild.BuildOptions = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', outdir: out, logLevel: 'silent', absWorkingDir: root };
    [split, { metafile: worker }] = await Promise.all([
      buildSplitExtension(options),
      esbuild.build({ ...options, entryPoints: { listenerWorker: 'src/listenerWorker.ts' }, metafile: true, write: false, plugins: [vendorPlugin()] }),
    ]);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  const inputs = (m: esbuild.Metafile) => Object.values(m.outputs).flatMap((o) => Object.keys(o.inputs));
  /** The npm packages bundled into a file. */
  const packages = (m: esbuild.Metafile) => new Set(inputs(m).flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []));

  it('keeps zod and undici out of the shell, undici in the chunk, and zod in vendor.js alone', () => {
    const heavy = (f: string) => /node_modules\/(zod|undici)\//.test(f);
    assert.deepEqual(inputs(split.shell).filter(heavy), []);
    assert.ok(inputs(split.chunk).some((f) => f.includes('node_modules/undici/')));
    assert.ok(inputs(split.vendor).some((f) => f.includes('node_modules/zod/')));
    assert.ok(!packages(split.chunk).has('zod') && !packages(worker).has('zod'), 'zod is bundled again beside vendor.js');
  });

  it('bundles each library once: none is in both the lazy chunk and the listener worker', () => {
    const chunk = packages(split.chunk);
    const both = [...packages(worker)].filter((p) => chunk.has(p));
    assert.deepEqual(both, [], `bundled twice: ${both.join(', ')} (share it through dist/vendor.js: scripts/vendorChunk.mjs)`);
    assert.ok(packages(split.vendor).has('@jridgewell/trace-mapping'));
  });

  it('without vendor.js beside it, the chunk fails with a MissingPartError that names vendor.js, on every read', () => {
    const alone = mkdtempSync(join(tmpdir(), 'sentry-lens-novendor-'));
    try {
      copyFileSync(join(out, 'lazy.js'), join(alone, 'lazy.js'));
      const table = {};
      for (const key of split.shared) Object.defineProperty(table, key, { get: () => requireHere(join(root, key)), enumerable: true });
      const load = chunkLoader('lazy.js', () => requireHere(join(alone, 'lazy.js')), table);
      const store = load('src/capture/kinds/events/eventStore.ts') as { EventStore?: unknown };
      for (let i = 0; i < 2; i++) {
        assert.throws(
          () => store.EventStore,
          (e: unknown) => e instanceof MissingPartError && /part of the extension \(vendor\.js\) could not be loaded; reinstall Sentry Lens/.test(e.userMessage),
        );
      }
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });

  it('puts each module of src/ in exactly one file, the listener’s client and the REST client in the chunk', () => {
    const shell = new Set(srcInputs(split.shell));
    const both = srcInputs(split.chunk).filter((f) => shell.has(f));
    assert.deepEqual(both, []);
    // The listener itself runs in its own worker bundle; its client in the shell loads on first use.
    assert.ok(!shell.has('src/capture/listener/listener.ts'), 'the listener is in the shell');
    for (const f of ['src/capture/worker/workerListener.ts', 'src/api/sentryApiClient.ts', 'src/sentry/send/ingestClient.ts']) {
      assert.ok(!shell.has(f), `${f} is in the shell`);
      assert.ok(srcInputs(split.chunk).includes(f), `${f} is not in the chunk`);
    }
    assert.ok(shell.has('src/sentry/errors.ts'));
    assert.ok(split.shared.includes('src/sentry/errors.ts'), 'the chunk does not take errors.ts from the shell');
  });

  it('a SentryError thrown in the chunk is the shell’s class (instanceof holds, userMessageOf reads it)', async () => {
    const chunk = requireHere(join(out, 'lazy.js')) as { init(m: object): void; modules: Record<string, () => unknown> };
    // The shell's modules, as the loader hands them over; loaded on first read (some need vscode).
    const table = {};
    for (const key of split.shared) Object.defineProperty(table, key, { get: () => requireHere(join(root, key)), enumerable: true });
    chunk.init(table);
    const { IngestClient } = chunk.modules['src/sentry/send/ingestClient.ts']!() as typeof import('../../../src/sentry/send/ingestClient');
    const closed = await new Promise<number>((res) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => res(port));
      });
    });
    const dsn = parseDsn(`http://abc@127.0.0.1:${closed}/1`);
    assert.ok(dsn.ok);
    const client = new IngestClient({ clientName: 'test/0' });
    const err = await client.send(dsn.value, { message: 'x' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await client.close();
    assert.ok(err instanceof SentryError, `not the shell's SentryError: ${String(err)}`);
    assert.equal(err.kind, 'network');
    assert.notEqual(userMessageOf(err), userMessageOf(new Error('other')));
  });
});
