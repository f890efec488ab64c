// The split build: the shell (dist/extension.js) holds no zod or undici, no
// module of src/ is in both files, and a class the shell checks with
// instanceof (SentryError) is the shell's own when the chunk throws it.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSplitExtension } from '../../../scripts/lazyChunk.mjs';
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
  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'sentry-lens-split-'));
    split = await buildSplitExtension({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', outdir: out, logLevel: 'silent', absWorkingDir: root });
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('keeps zod and undici out of the shell and in the chunk', () => {
    const inputs = (m: typeof split.shell) => Object.values(m.outputs).flatMap((o) => Object.keys(o.inputs));
    const heavy = (f: string) => /node_modules\/(zod|undici)\//.test(f);
    assert.deepEqual(inputs(split.shell).filter(heavy), []);
    assert.ok(inputs(split.chunk).some((f) => f.includes('node_modules/undici/')));
    assert.ok(inputs(split.chunk).some((f) => f.includes('node_modules/zod/')));
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
