import { strict as assert } from 'node:assert';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCommand } from '../../src/cli/resolveCommand';
import type { ResolvedFrameJson } from '../../src/cli/resolvedFrameJson';
import { PYTHON_FILES } from '../fixtures/windows/programs';
import { makeTree, removeTree } from '../unit/source/tempTree';
import { type CliRun, runInProcess } from '../helpers/cliInProcess';

function run(argv: string[]): Promise<CliRun> {
  return runInProcess(resolveCommand, argv);
}

describe('sentry-lens resolve: an event recorded on Windows', function () {
  this.timeout(60_000);
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));

  it('resolves the C:\\ frames of a recorded Python SDK event in a checkout here, and with a Windows code mapping', async () => {
    const checkout = makeTree(Object.fromEntries(Object.entries(PYTHON_FILES).map(([k, v]) => [`backend/${k}`, v])), 'sentry-lens-cli-win-');
    trees.push(checkout);
    const eventFile = join(checkout, 'event.json');
    copyFileSync(join(__dirname, '../fixtures/windows/python-windows-event.json'), eventFile);
    const bySuffix = await run(['--root', checkout, '--json', eventFile]);
    assert.equal(bySuffix.code, 0, bySuffix.err);
    const frames = JSON.parse(bySuffix.out) as ResolvedFrameJson[];
    assert.deepEqual(
      frames.slice(0, 3).map((f) => [f.absPath, f.file, f.line]),
      [
        ['C:\\Users\\dev\\shop\\main.py', join(checkout, 'backend/main.py'), 5],
        ['C:\\Users\\dev\\shop\\app\\billing.py', join(checkout, 'backend/app/billing.py'), 10],
        ['C:\\Users\\dev\\shop\\app\\billing.py', join(checkout, 'backend/app/billing.py'), 5],
      ],
    );
    const mappings = join(checkout, 'mappings.json');
    writeFileSync(mappings, JSON.stringify([{ stackRoot: 'c:\\users\\dev\\shop\\', sourceRoot: 'backend' }]));
    const mapped = JSON.parse((await run(['--root', checkout, '--mappings', mappings, '--json', eventFile])).out) as ResolvedFrameJson[];
    assert.equal(mapped[1]!.file, join(checkout, 'backend/app/billing.py'));
    assert.equal(mapped[1]!.candidates.find((c) => c.chosen)?.reason, 'mapping');
  });
});
