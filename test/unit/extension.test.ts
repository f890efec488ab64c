// The entry VS Code loads (src/extension.ts, built as dist/extension.js): it
// holds only the hand-over, activate() returns before the shell is required,
// the shell is required on the next turn and activates the window, and a
// missing dist/shell.js fails activation with the clear sentence, shown to the
// person. The entry is the real build; the shell beside it is a small
// recorder (the real shell needs a running VS Code: the e2e suite covers it).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildEntry } from '../../scripts/lazyChunk.mjs';

const root = resolve(__dirname, '../..');
const requireHere = createRequire(__filename);

interface Entry {
  activate(context: unknown): Promise<void>;
  deactivate(): Promise<void>;
}

/** What `require('vscode')` returns to the entry while a test runs: it records the error messages shown. */
const shown: string[] = [];
const vscodeStandIn = { window: { showErrorMessage: async (m: string) => void shown.push(m) } };

type Resolve = (request: string, ...rest: unknown[]) => string;
type Load = (request: string, ...rest: unknown[]) => unknown;
const mod = Module as unknown as { _resolveFilename: Resolve; _load: Load };

describe('src/extension.ts: the entry VS Code loads', function () {
  this.timeout(60_000);
  let out: string;
  let inputs: string[];
  let imports: { path: string; kind: string; external?: boolean }[];
  const origResolve = mod._resolveFilename;
  const origLoad = mod._load;

  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'sentry-lens-entry-'));
    const built = await buildEntry({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', outdir: out, logLevel: 'silent', absWorkingDir: root });
    const output = Object.values(built.metafile.outputs).find((o) => o.entryPoint !== undefined)!;
    inputs = Object.keys(output.inputs).sort();
    imports = output.imports;
    mod._resolveFilename = function (request, ...rest) {
      return request === 'vscode' ? 'vscode' : origResolve.call(this, request, ...rest);
    };
    mod._load = function (request, ...rest) {
      return request === 'vscode' ? vscodeStandIn : origLoad.call(this, request, ...rest);
    };
  });
  after(() => {
    mod._resolveFilename = origResolve;
    mod._load = origLoad;
    rmSync(out, { recursive: true, force: true });
  });

  /** A fresh copy of the built entry in its own folder, with `shell` written beside it as shell.js (or none). */
  function install(shell: string | undefined): { dir: string; entry: Entry } {
    const dir = mkdtempSync(join(out, 'ext-'));
    writeFileSync(join(dir, 'extension.js'), requireHere('node:fs').readFileSync(join(out, 'extension.js')));
    if (shell !== undefined) writeFileSync(join(dir, 'shell.js'), shell);
    return { dir, entry: requireHere(join(dir, 'extension.js')) as Entry };
  }

  it('holds only the hand-over: no view, service or vscode at load, the shell required as ./shell.js', () => {
    assert.deepEqual(inputs, ['src/extension.ts', 'src/util/errorDetail.ts', 'src/util/missingPart.ts']);
    assert.deepEqual(
      imports.map((i) => [i.path, i.kind, i.external]),
      [
        ['./shell.js', 'require-call', true],
        ['vscode', 'require-call', true],
      ],
    );
  });

  it('returns before the shell is required, then activates the window and shuts it down on deactivate', async () => {
    const { dir, entry } = install(`
      exports.calls = [];
      exports.activateWindow = (context, loadStarted) => exports.calls.push(['activate', context.id, typeof loadStarted]);
      exports.deactivateWindow = async () => { exports.calls.push(['deactivate']); };
    `);
    const shellPath = join(dir, 'shell.js');
    const activated = entry.activate({ id: 'ctx' });
    assert.equal(requireHere.cache[shellPath], undefined, 'the shell was required inside activate()');
    await activated;
    const shell = requireHere(shellPath) as { calls: unknown[] };
    assert.deepEqual(shell.calls, [['activate', 'ctx', 'number']]);
    await entry.deactivate();
    assert.deepEqual(shell.calls.at(-1), ['deactivate']);
  });

  it('a missing dist/shell.js fails activation with the clear sentence and shows it', async () => {
    shown.length = 0;
    const { entry } = install(undefined);
    const err = await entry.activate({}).then(
      () => assert.fail('activation succeeded without the shell'),
      (e: unknown) => e as { name?: string; code?: string; userMessage?: string },
    );
    assert.equal(err.name, 'MissingPartError');
    assert.equal(err.code, 'missing-part');
    assert.match(err.userMessage ?? '', /\(shell\.js\) could not be loaded; reinstall Sentry Lens/);
    assert.deepEqual(shown, [`Sentry Lens: ${err.userMessage}`]);
    // Nothing was activated, so deactivating has nothing to shut down.
    await entry.deactivate();
  });
});
