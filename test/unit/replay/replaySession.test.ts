import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameView } from '../../../src/sentry/event/eventView';
import { defaultScrubber } from '../../../src/sentry/scrub/scrub';
import { FrameResolver } from '../../../src/source/resolver/frameResolver';
import { NODE_LOCALS_SCRIPT, PYTHON_LOCALS_SCRIPT } from '../../fixtures/replay/sdkScripts';
import { DapDriver } from './dapDriver';

// Events recorded from the real SDKs by test/fixtures/replay/record.ts (python3-sentry-sdk with its
// default frame locals, @sentry/node with includeLocalVariables), replayed against a workspace laid out
// elsewhere than the paths the events recorded.
const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures/replay', name), 'utf8')) as Record<string, unknown>;

describe('replay: a Debug Adapter Protocol session over a recorded event', () => {
  let workspace: string;
  let resolver: FrameResolver;
  const locate = async (frame: FrameView, platform: string | undefined) => {
    const r = await resolver.resolve(frame, platform ? { platform } : {});
    return r.file ? { path: r.file, line: r.line ?? 1, column: r.column ?? 1 } : undefined;
  };
  const driver = (event: unknown) => new DapDriver({ loadEvent: async () => event, locate, scrub: defaultScrubber });

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'sentry-lens-replay-ws-'));
    writeFileSync(join(workspace, 'orders.py'), PYTHON_LOCALS_SCRIPT);
    writeFileSync(join(workspace, 'orders.mjs'), NODE_LOCALS_SCRIPT);
    resolver = new FrameResolver({ roots: [workspace], mappings: [] });
    await resolver.buildIndex();
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  describe('python3-sentry-sdk: a chained exception with frame locals', () => {
    let d: DapDriver;
    beforeEach(async () => {
      d = driver(fixture('python-locals.json'));
      const done = await d.start({ eventId: 'x' });
      assert.ok(done.success, done.message);
    });

    it('starts like a debugger: capabilities, initialized after launch, stopped at the recorded exception', async () => {
      const init = await new DapDriver({ loadEvent: async () => ({}), locate, scrub: defaultScrubber }).request('initialize');
      assert.equal(init.body.supportsExceptionInfoRequest, true);
      assert.equal(init.body.supportsStepBack, true);
      const names = d.events.map((e) => e.event);
      assert.ok(names.indexOf('initialized') < names.indexOf('stopped'), names.join(','));
      const [stopped] = d.eventsNamed('stopped');
      assert.equal(stopped.reason, 'exception');
      assert.equal(stopped.text, 'RuntimeError: checkout failed for order A-1001');
    });

    it('one thread per exception of the chain, the raised one first and selected', async () => {
      const threads = (await d.request('threads')).body.threads;
      assert.deepEqual(threads.map((t: any) => t.name), ['RuntimeError (raised)', 'OutOfStock (cause 1)']);
      assert.equal(d.eventsNamed('stopped')[0].threadId, threads[0].id);
    });

    it('the call stack is innermost first, each frame at its line in the workspace file', async () => {
      const st = (await d.request('stackTrace', { threadId: 1 })).body;
      assert.deepEqual(st.stackFrames.map((f: any) => f.name), ['checkout', '<module>']);
      assert.equal(st.totalFrames, 2);
      const [checkout] = st.stackFrames;
      assert.equal(checkout.source.path, join(workspace, 'orders.py'));
      const lines = PYTHON_LOCALS_SCRIPT.split('\n');
      assert.match(lines[checkout.line - 1]!, /raise RuntimeError/);
      // The column is the resolver's, the same the tree and the Problems panel open at.
      const raised = (fixture('python-locals.json').exception as any).values[1].stacktrace.frames[1];
      assert.equal(checkout.column, (await resolver.resolve({ filename: raised.filename, absPath: raised.abs_path, lineno: raised.lineno, contextLine: raised.context_line }, { platform: "python" })).column ?? 1);
      const cause = (await d.request('stackTrace', { threadId: 2 })).body.stackFrames;
      assert.deepEqual(cause.map((f: any) => f.name), ['reserve', 'checkout']);
      assert.match(lines[cause[0].line - 1]!, /raise OutOfStock/);
    });

    it('locals in the order the SDK sent them, nested values expandable', async () => {
      const frameId = (await d.request('stackTrace', { threadId: 2 })).body.stackFrames[0].id;
      const scopes = (await d.request('scopes', { frameId })).body.scopes;
      assert.deepEqual(scopes.map((s: any) => s.name), ['Locals', 'Event']);
      const locals = (await d.request('variables', { variablesReference: scopes[0].variablesReference })).body.variables;
      assert.deepEqual(locals.map((v: any) => v.name), ['order', 'warehouse', 'wanted', 'available']);
      assert.equal(locals.find((v: any) => v.name === 'available').value, '1');
      const order = locals.find((v: any) => v.name === 'order');
      assert.ok(order.variablesReference > 0);
      const orderKids = (await d.request('variables', { variablesReference: order.variablesReference })).body.variables;
      assert.deepEqual(orderKids.map((v: any) => v.name), ['id', 'items', 'customer']);
      const items = orderKids.find((v: any) => v.name === 'items');
      assert.equal(items.indexedVariables, 1);
      const item0 = (await d.request('variables', { variablesReference: items.variablesReference })).body.variables[0];
      const item = (await d.request('variables', { variablesReference: item0.variablesReference })).body.variables;
      assert.deepEqual(item.map((v: any) => [v.name, v.value]), [['sku', "'mug'"], ['qty', '3']]);
    });

    it('an Event scope holds the tags, the user and the release', async () => {
      const frameId = (await d.request('stackTrace', { threadId: 1 })).body.stackFrames[0].id;
      const ev = (await d.request('scopes', { frameId })).body.scopes[1];
      const kids = (await d.request('variables', { variablesReference: ev.variablesReference })).body.variables;
      const byName = new Map(kids.map((v: any) => [v.name, v]));
      assert.equal((byName.get('release') as any).value, 'shop@2.1.0');
      const tags = (await d.request('variables', { variablesReference: (byName.get('tags') as any).variablesReference })).body.variables;
      assert.ok(tags.some((t: any) => t.name === 'checkout.step' && t.value === 'pricing'));
      const user = (await d.request('variables', { variablesReference: (byName.get('user') as any).variablesReference })).body.variables;
      assert.ok(user.some((t: any) => t.name === 'username' && t.value === 'ada'));
    });

    it('exception details: type, value, chain position, mechanism, handled', async () => {
      const info = (await d.request('exceptionInfo', { threadId: 1 })).body;
      assert.equal(info.exceptionId, 'RuntimeError');
      assert.equal(info.description, 'checkout failed for order A-1001');
      assert.match(info.details.fullTypeName, /raised; mechanism: not recorded; handled: not recorded/);
      const cause = (await d.request('exceptionInfo', { threadId: 2 })).body;
      assert.equal(cause.exceptionId, 'OutOfStock');
    });

    it('breadcrumbs are printed to the debug console with their time and category', async () => {
      const out = d.eventsNamed('output').map((o) => o.output).join('');
      assert.match(out, /\d\d:\d\d:\d\d\.\d\d\d \[cart\] added 3 mugs/);
    });

    it('prints breadcrumb times as the details view shows them: local time of day, the date when not today', async () => {
      const at = Date.parse('2026-12-08T00:41:51.048Z');
      const event = { event_id: 'b'.repeat(32), message: 'm', breadcrumbs: [{ timestamp: at / 1000, category: 'cart', message: 'added' }] };
      const lines = async (now: number, timeZone: string) => {
        const dd = new DapDriver({ loadEvent: async () => event, locate, scrub: defaultScrubber, clock: { now: () => now, timeZone } });
        await dd.request('initialize');
        await dd.request('launch', { eventId: 'b'.repeat(32) });
        await dd.settle();
        return dd.eventsNamed('output').map((o) => o.output).join('');
      };
      assert.match(await lines(Date.parse('2026-12-08T03:00:00Z'), 'Asia/Tokyo'), /^09:41:51\.048 \[cart\] added$/m);
      assert.match(await lines(Date.parse('2026-12-08T12:00:00Z'), 'America/New_York'), /^2026-12-07 19:41:51\.048 \[cart\] added$/m);
    });

    it('steps out towards the entry and back in to the failure, the stack following', async () => {
      const out = await d.request('stepOut', { threadId: 2 });
      assert.ok(out.success);
      await d.settle();
      assert.equal(d.eventsNamed('stopped').at(-1).reason, 'step');
      assert.deepEqual((await d.request('stackTrace', { threadId: 2 })).body.stackFrames.map((f: any) => f.name), ['checkout']);
      await d.request('stepOut', { threadId: 2 });
      assert.equal((await d.request('stackTrace', { threadId: 2 })).body.totalFrames, 1, 'never fewer than the entry frame');
      await d.request('stepIn', { threadId: 2 });
      await d.settle();
      assert.equal(d.eventsNamed('stopped').at(-1).reason, 'exception', 'stepping back into the failing call stops at the exception');
      await d.request('reverseContinue', { threadId: 2 });
      await d.request('continue', { threadId: 2 });
      assert.equal((await d.request('stackTrace', { threadId: 2 })).body.totalFrames, 2);
    });

    it('disconnect ends the session and forgets its variables', async () => {
      const frameId = (await d.request('stackTrace', { threadId: 1 })).body.stackFrames[0].id;
      const ref = (await d.request('scopes', { frameId })).body.scopes[0].variablesReference;
      assert.ok((await d.request('disconnect')).success);
      await d.settle();
      assert.equal(d.eventsNamed('terminated').length, 1);
      const gone = await d.request('variables', { variablesReference: ref });
      assert.equal(gone.success, false);
    });

    it('hover evaluation reads a recorded local, and says why anything else cannot be evaluated', async () => {
      const frameId = (await d.request('stackTrace', { threadId: 2 })).body.stackFrames[0].id;
      const ok = await d.request('evaluate', { expression: 'wanted', frameId, context: 'hover' });
      assert.equal(ok.body.result, '3');
      const no = await d.request('evaluate', { expression: 'wanted + 1', frameId, context: 'watch' });
      assert.equal(no.success, false);
      assert.match(no.message!, /only its recorded values/);
    });
  });

  describe('@sentry/node with includeLocalVariables', () => {
    it('shows the locals of the frame the SDK captured and marks library frames', async () => {
      const d = driver(fixture('node-locals.json'));
      assert.ok((await d.start()).success);
      const threads = (await d.request('threads')).body.threads;
      assert.deepEqual(threads.map((t: any) => t.name), ['Error (raised)', 'RangeError (cause 1)']);
      const frames = (await d.request('stackTrace', { threadId: 1 })).body.stackFrames;
      assert.equal(frames[0].name, 'checkout');
      assert.equal(frames[0].source.path, join(workspace, 'orders.mjs'));
      assert.match(NODE_LOCALS_SCRIPT.split('\n')[frames[0].line - 1]!, /throw new Error\('checkout failed/);
      const internal = frames.find((f: any) => f.name === 'listOnTimeout');
      assert.equal(internal.presentationHint, 'subtle');
      const scopes = (await d.request('scopes', { frameId: frames[0].id })).body.scopes;
      const locals = (await d.request('variables', { variablesReference: scopes[0].variablesReference })).body.variables;
      assert.deepEqual(locals.map((v: any) => [v.name, v.value]).slice(0, 1), [['orderId', 'A-1001']]);
      const warehouse = locals.find((v: any) => v.name === 'warehouse');
      const w = (await d.request('variables', { variablesReference: warehouse.variablesReference })).body.variables;
      assert.deepEqual(w.map((v: any) => [v.name, v.value, v.type]), [['mug', '1', 'number'], ['plate', '12', 'number']]);
      const noLocals = (await d.request('scopes', { frameId: frames[1].id })).body.scopes[0];
      assert.equal(noLocals.name, 'Locals (none recorded)');
    });
  });

  describe('frames with no local file, hostile values and bad requests', () => {
    const frame = (vars: Record<string, unknown>) => ({
      event_id: 'e'.repeat(32),
      platform: 'python',
      exception: {
        values: [
          {
            type: 'ValueError',
            value: '<b>not markup</b>',
            mechanism: { type: 'excepthook', handled: false },
            stacktrace: { frames: [{ filename: '/srv/app/nowhere/gone.py', function: 'run', lineno: 40, context_line: '    explode()', pre_context: ['def run():'], post_context: [''], in_app: true, vars }] },
          },
        ],
      },
    });

    it('a frame no workspace file matches opens the context lines the event carried', async () => {
      const d = driver(frame({ a: 1 }));
      await d.start();
      const [f] = (await d.request('stackTrace', { threadId: 1 })).body.stackFrames;
      assert.ok(f.source.sourceReference > 0);
      assert.equal(f.line, 2);
      const src = await d.request('source', { sourceReference: f.source.sourceReference, source: f.source });
      assert.equal(src.body.content, 'def run():\n    explode()\n\n');
      const info = (await d.request('exceptionInfo', { threadId: 1 })).body;
      assert.equal(info.breakMode, 'unhandled');
      assert.match(info.details.fullTypeName, /mechanism: excepthook; unhandled/);
    });

    it('markup stays text, huge strings and containers are cut with their size said, deep nesting expands one level at a time', async () => {
      let deep: Record<string, unknown> = { leaf: 'bottom' };
      for (let i = 0; i < 200; i++) deep = { next: deep };
      const many = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]));
      const d = driver(frame({ html: '<img src=x onerror=alert(1)>', huge: 'x'.repeat(1_000_000), many, deep, password: 'hunter2' }));
      await d.start();
      const [f] = (await d.request('stackTrace', { threadId: 1 })).body.stackFrames;
      const ref = (await d.request('scopes', { frameId: f.id })).body.scopes[0].variablesReference;
      const vars = (await d.request('variables', { variablesReference: ref })).body.variables;
      const by = (n: string) => vars.find((v: any) => v.name === n);
      assert.equal(by('html').value, '<img src=x onerror=alert(1)>');
      assert.ok(by('huge').value.length < 2_100);
      assert.match(by('huge').value, /… \(1,000,000 characters\)$/);
      assert.equal(by('password').value, '[Filtered]', 'frame locals are scrubbed like everything else');
      const kids = (await d.request('variables', { variablesReference: by('many').variablesReference })).body.variables;
      assert.equal(kids.length, 501);
      assert.equal(kids.at(-1).value, '4,500 more not shown');
      const paged = (await d.request('variables', { variablesReference: by('many').variablesReference, start: 4_990, count: 20 })).body.variables;
      assert.deepEqual(paged.map((v: any) => v.name).slice(0, 2), ['k4990', 'k4991']);
      let node = by('deep');
      let levels = 0;
      while (node && node.variablesReference > 0 && levels < 500) {
        const next = (await d.request('variables', { variablesReference: node.variablesReference })).body.variables;
        node = next[0];
        levels++;
      }
      assert.ok(levels > 5 && levels < 500, `expanded ${levels} levels`);
    });

    it('an event that cannot be loaded fails the launch with its reason, and nothing stops', async () => {
      const d = new DapDriver({ loadEvent: async () => Promise.reject(new Error('this event is no longer stored')), locate, scrub: defaultScrubber });
      const r = await d.start();
      assert.equal(r.success, false);
      assert.equal(r.message, 'this event is no longer stored');
      assert.equal(d.eventsNamed('initialized').length, 0);
      assert.equal(d.eventsNamed('stopped').length, 0);
    });

    it('requests a replay cannot serve get a clear error', async () => {
      const d = driver(frame({}));
      await d.start();
      const restart = await d.request('restartFrame', { frameId: 1 });
      assert.equal(restart.success, false);
      assert.match(restart.message!, /not available when replaying/);
      const bad = await d.request('stackTrace', { threadId: 99 });
      assert.match(bad.message!, /no thread 99/);
      const badVars = await d.request('variables', { variablesReference: 'x' });
      assert.equal(badVars.success, false);
    });
  });
});
