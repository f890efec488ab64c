import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type FrameView, viewEvent } from '../../../../src/sentry/event/eventView';
import { explainResolution } from '../../../../src/source/resolver/explainResolution';
import { FrameResolver } from '../../../../src/source/resolver/frameResolver';
import { ESBUILD, nodeEvent } from '../sdkEvents';
import { makeTree, removeTree } from '../tempTree';

const MATH = ['export function divide(a: number, b: number): number {', '  if (b === 0) {', '    throw new RangeError(`cannot divide ${a} by zero`);', '  }', '  return a / b;', '}', ''].join('\n');
const APP = ["import { divide } from './util/math';", '', 'export function main(): number {', '  return [4, 0].reduce((t, v) => t + divide(100, v), 0);', '}', ''].join('\n');
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** A real esbuild bundle of src/app.ts with an external map; `sourcesContent` as asked. */
function build(root: string, sourcesContent: boolean): void {
  const args = ['src/app.ts', '--bundle', '--minify', '--sourcemap=external', `--sources-content=${sourcesContent}`, '--platform=node', '--format=cjs', '--outfile=dist/bundle.js', '--log-level=warning'];
  const r = spawnSync(ESBUILD, args, { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

describe("FrameResolver: a source map's embedded sources (sourcesContent) when the original file is gone", function () {
  this.timeout(60_000);
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));

  /** Bundles, runs the bundle under @sentry/node, then deletes the TypeScript sources: the raising frame of the event. */
  async function frameWithoutSources(sourcesContent: boolean): Promise<{ root: string; frame: FrameView; resolver: FrameResolver }> {
    const root = makeTree({ 'src/util/math.ts': MATH, 'src/app.ts': APP }, 'sentry-lens-embedded-');
    trees.push(root);
    build(root, sourcesContent);
    const frames = viewEvent(nodeEvent(root, 'dist/bundle.js')).exceptions.flatMap((e) => e.frames).filter((f) => (f.filename ?? '').endsWith('bundle.js'));
    rmSync(join(root, 'src'), { recursive: true });
    const resolver = new FrameResolver({ roots: [root], mappings: [] });
    await resolver.buildIndex();
    return { root, frame: frames[frames.length - 1]!, resolver };
  }

  it('returns the original text and the mapped position, beside the generated file (esbuild, sourcesContent: true)', async () => {
    const { root, frame, resolver } = await frameWithoutSources(true);
    const r = await resolver.resolve(frame);
    // What a client without the embedded text does is unchanged: the bundle, with a warning.
    assert.equal(r.file, join(root, 'dist/bundle.js'));
    assert.equal(r.line, frame.lineno);
    assert.match(r.warning ?? '', /src\/util\/math\.ts, which is not in the workspace; showing the generated file/);
    const e = r.embeddedSource;
    assert.ok(e, 'the embedded original');
    assert.equal(e.source, join(root, 'src/util/math.ts'));
    assert.equal(e.text, MATH);
    assert.equal(e.line, lineOf(MATH, 'throw new RangeError'));
    assert.equal(e.column, MATH.split('\n')[e.line - 1]!.indexOf('new RangeError') + 1);
    assert.match(explainResolution(frame, r), /original, from the source map's sourcesContent: .*math\.ts:3:\d+: throw new RangeError/);
    // The batch answers the same.
    assert.deepEqual((await resolver.resolveMany([frame]))[0], r);
  });

  it('says nothing more when the map does not embed its sources (sourcesContent: false)', async () => {
    const { root, frame, resolver } = await frameWithoutSources(false);
    const r = await resolver.resolve(frame);
    assert.equal(r.file, join(root, 'dist/bundle.js'));
    assert.match(r.warning ?? '', /not in the workspace; showing the generated file/);
    assert.equal(r.embeddedSource, undefined);
  });
});
