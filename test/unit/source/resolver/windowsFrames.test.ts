import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { type FrameView, viewEvent } from '../../../../src/sentry/event/eventView';
import { applyMappings, orderMappings, parseCodeMappings } from '../../../../src/source/resolver/codeMappings';
import { topFolder } from '../../../../src/source/resolver/fileFacts';
import { FrameResolver, type Resolution } from '../../../../src/source/resolver/frameResolver';
import { localPath, startsWithRoot } from '../../../../src/source/resolver/localPath';
import { normalizeFramePath } from '../../../../src/source/index/pathNormalize';
import { NODE_FILES, PYTHON_FILES } from '../../../fixtures/windows/programs';
import { makeTree, removeTree } from '../tempTree';
import { REPO_ROOT } from '../../../helpers/paths';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/windows');
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
const framesOf = (event: unknown): FrameView[] => viewEvent(event).exceptions.flatMap((e) => e.frames);
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const clean = (r: Resolution) => ({ file: r.file, line: r.line, column: r.column, warning: r.warning });

/** The frame with its Windows paths rewritten by `f` (abs_path and filename alike). */
const rewritten = (frame: FrameView, f: (p: string) => string): FrameView => ({
  ...frame,
  ...(frame.absPath ? { absPath: f(frame.absPath) } : {}),
  ...(frame.filename ? { filename: f(frame.filename) } : {}),
});

describe('frames recorded on Windows', function () {
  this.timeout(30_000);
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));
  const tree = (files: Record<string, string>) => {
    const t = makeTree(files, 'sentry-lens-win-');
    trees.push(t);
    return t;
  };

  describe('a Python SDK event (C:\\Users\\dev\\shop)', () => {
    const event = load('python-windows-event.json');
    const frames = framesOf(event);
    const billing = PYTHON_FILES['app/billing.py']!;

    it('resolves every workspace frame of the recorded event in a checkout here, lines checked against the context lines', async () => {
      assert.equal(frames.length, 6);
      assert.ok(frames.every((f) => f.absPath?.startsWith('C:\\')));
      const root = tree(PYTHON_FILES);
      const r = new FrameResolver({ roots: [root], mappings: [] });
      await r.buildIndex();
      const got = await r.resolveMany(frames, { platform: 'python' });
      assert.deepEqual(got.slice(0, 3).map(clean), [
        { file: join(root, 'main.py'), line: lineOf(PYTHON_FILES['main.py']!, 'charge("{amount: 1}")'), column: 5, warning: undefined },
        { file: join(root, 'app/billing.py'), line: lineOf(billing, 'order = parse_order(payload)'), column: 5, warning: undefined },
        { file: join(root, 'app/billing.py'), line: lineOf(billing, 'order = json.loads(payload)'), column: 5, warning: undefined },
      ]);
      // The standard library's frames: no such files in the workspace. The SDK marked them in-app, yet json's
      // __init__.py does not land on the package's own __init__.py by that generic name alone.
      assert.deepEqual(
        got.slice(3).map((x) => x.file),
        [null, null, null],
      );
      assert.match(got[3]!.warning ?? '', /no local file for C:\\Program Files\\Python313\\Lib\\json\\__init__\.py/);
      assert.match(got[4]!.warning ?? '', /no local file for C:\\Program Files\\Python313\\Lib\\json\\decoder\.py/);
      // The absolute path is never looked up on this machine: it is not a path here.
      assert.ok(got[1]!.candidates.every((c) => c.reason !== 'absolute'));
    });

    it('resolves the same with a lower-case drive, a UNC share, mixed separators and a file:// URL', async () => {
      const root = tree(PYTHON_FILES);
      const r = new FrameResolver({ roots: [root], mappings: [] });
      await r.buildIndex();
      const want = (await r.resolveMany(frames)).map(clean);
      const variants: Array<[string, (p: string) => string]> = [
        ['drive case', (p) => p.replace(/^C:\\Users\\dev/, 'c:\\users\\dev')],
        ['UNC', (p) => p.replace(/^C:\\Users\\dev/, '\\\\fileserver\\projects')],
        ['mixed separators', (p) => p.replace(/\\app\\/, '/app/').replace(/^C:\\Users\\/, 'C:/Users/')],
        ['file URL', (p) => (p.startsWith('C:\\') ? `file:///${p.replace(/\\/g, '/')}` : p)],
      ];
      for (const [name, f] of variants) {
        const got = (await r.resolveMany(frames.map((fr) => rewritten(fr, f)))).map(clean);
        assert.deepEqual(
          got.map((g) => [g.file, g.line]),
          want.map((w) => [w.file, w.line]),
          name,
        );
      }
    });

    it('applies a code mapping whose stack root is a Windows folder, whatever the case of the frame', async () => {
      const root = tree({
        ...Object.fromEntries(Object.entries(PYTHON_FILES).map(([k, v]) => [`backend/${k}`, v])),
        // A decoy that matches by more segments than the mapped file would without the mapping.
        'shop/app/billing.py': billing,
      });
      const parsed = parseCodeMappings([{ stackRoot: 'C:\\Users\\dev\\shop\\', sourceRoot: 'backend' }]);
      assert.ok(parsed.ok);
      const r = new FrameResolver({ roots: [root], mappings: parsed.value });
      await r.buildIndex();
      const lower = rewritten(frames[1]!, (p) => p.replace('C:\\Users\\dev\\shop', 'c:\\users\\DEV\\Shop'));
      for (const frame of [frames[1]!, lower]) {
        const res = await r.resolve(frame);
        assert.equal(res.file, join(root, 'backend/app/billing.py'));
        assert.equal(res.candidates.find((c) => c.chosen)?.reason, 'mapping');
      }
    });
  });

  describe('a Node SDK event (@sentry/node, C:\\Users\\dev\\shop)', () => {
    it('resolves the in-app frames to the checkout with their columns, and leaves node: internals alone', async () => {
      const frames = framesOf(load('node-windows-event.json'));
      const inApp = frames.filter((f) => f.inApp);
      assert.deepEqual(
        inApp.map((f) => f.module),
        ['src:app', 'src.handlers:order', 'src.handlers:order'],
      );
      const root = tree(NODE_FILES);
      const r = new FrameResolver({ roots: [root], mappings: [] });
      await r.buildIndex();
      const got = await r.resolveMany(frames, { platform: 'node' });
      const order = NODE_FILES['src/handlers/order.js']!;
      const raising = got[frames.length - 1]!;
      assert.equal(raising.file, join(root, 'src/handlers/order.js'));
      assert.equal(raising.line, lineOf(order, 'throw new RangeError'));
      assert.equal(raising.column, order.split('\n')[raising.line! - 1]!.indexOf('new RangeError') + 1);
      assert.equal(got[frames.length - 3]!.file, join(root, 'src/app.js'));
      assert.ok(frames.filter((f) => f.filename?.startsWith('node:')).length > 0);
      for (let i = 0; i < frames.length; i++) if (frames[i]!.filename?.startsWith('node:')) assert.equal(got[i]!.file, null);
    });
  });

  describe('paths of a Windows workspace (path.win32)', () => {
    it('gives frame paths in the local form: back slashes and an upper-case drive; nothing for paths of other systems', () => {
      assert.equal(localPath('c:/Users/dev/shop/app.py', win32), 'C:\\Users\\dev\\shop\\app.py');
      assert.equal(localPath('C:\\Users\\dev/shop\\app.py', win32), 'C:\\Users\\dev\\shop\\app.py');
      assert.equal(localPath('//fileserver/projects/shop/app.py', win32), '\\\\fileserver\\projects\\shop\\app.py');
      assert.equal(localPath('/srv/app/app.py', win32), undefined, "a Linux server's path is not on this drive");
      assert.equal(localPath('app/app.py', win32), undefined);
      // And on Linux: a Windows path or share is never a path of this machine.
      assert.equal(localPath('C:/Users/dev/app.py', { ...win32, sep: '/' } as typeof win32), undefined);
      assert.equal(localPath(normalizeFramePath('\\\\fileserver\\projects\\a.py').path), undefined);
      assert.equal(localPath('/srv/app/a.py'), '/srv/app/a.py');
    });

    it('maps frames into a Windows workspace folder, with the drive letter in any case', () => {
      const ordered = orderMappings([
        { stackRoot: '/app/', sourceRoot: 'backend' },
        { stackRoot: 'C:/Users/dev/shop/', sourceRoot: 'D:\\work\\shop' },
      ]);
      assert.deepEqual(
        applyMappings('/app/src/x.py', ordered, 'c:\\ws', win32).map((m) => m.path),
        ['C:\\ws\\backend\\src\\x.py'],
      );
      assert.deepEqual(
        applyMappings('c:\\users\\DEV\\shop\\src\\x.py', ordered, 'c:\\ws', win32).map((m) => m.path),
        ['D:\\work\\shop\\src\\x.py'],
      );
      assert.equal(startsWithRoot('c:/users/dev/shopping/x.py', 'C:/Users/dev/shop'), false, 'at a folder boundary only');
      assert.equal(startsWithRoot('/APP/x.py', '/app/'), false, 'Linux stack roots keep their case');
    });

    it("finds a path's top folder on a drive and on a share", () => {
      assert.equal(topFolder('C:\\srv\\app\\x.py', '\\'), 'C:\\srv');
      assert.equal(topFolder('\\\\fileserver\\projects\\shop\\x.py', '\\'), '\\\\fileserver\\projects');
      assert.equal(topFolder('/srv/app/x.py', '/'), '/srv');
      assert.equal(topFolder('/x.py', '/'), undefined);
    });
  });
});
