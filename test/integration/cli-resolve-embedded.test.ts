import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io';
import { resolveCommand } from '../../src/cli/resolveCommand';
import type { ResolvedFrameJson } from '../../src/cli/resolvedFrameJson';
import { ESBUILD, nodeEvent } from '../unit/source/sdkEvents';
import { makeTree, removeTree } from '../unit/source/tempTree';

const MATH = ['export function divide(a: number, b: number): number {', '  if (b === 0) throw new RangeError(`cannot divide ${a} by zero`);', '  return a / b;', '}', ''].join('\n');
const APP = ["import { divide } from './util/math';", 'export function main(): number {', '  return divide(1, 0);', '}', ''].join('\n');

describe("sentry-lens resolve: a bundle whose sources are gone, from the map's sourcesContent", function () {
  this.timeout(60_000);
  let root: string | undefined;
  after(() => removeTree(root));

  it('prints where the original line is and its text, beside the bundle', async () => {
    root = makeTree({ 'src/util/math.ts': MATH, 'src/app.ts': APP }, 'sentry-lens-cli-embedded-');
    const built = spawnSync(ESBUILD, ['src/app.ts', '--bundle', '--minify', '--sourcemap=external', '--sources-content=true', '--platform=node', '--format=cjs', '--outfile=dist/bundle.js'], { cwd: root, encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    const eventFile = join(root, 'event.json');
    writeFileSync(eventFile, JSON.stringify(nodeEvent(root, 'dist/bundle.js')));
    rmSync(join(root, 'src'), { recursive: true });
    let out = '';
    let err = '';
    const io: CliIo = { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} };
    assert.equal(await resolveCommand(['--root', root, '--json', eventFile], io), 0, err);
    const raising = (JSON.parse(out) as ResolvedFrameJson[]).filter((f) => f.file === join(root!, 'dist/bundle.js')).pop()!;
    assert.deepEqual(raising.embeddedSource, {
      source: join(root, 'src/util/math.ts'),
      line: 2,
      column: MATH.split('\n')[1]!.indexOf('new RangeError') + 1,
      lineText: MATH.split('\n')[1],
    });
  });
});
