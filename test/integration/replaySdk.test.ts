import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { defaultScrubber } from '../../src/sentry/scrub/scrub';
import { FrameResolver } from '../../src/source/resolver/frameResolver';
import { viewEvent } from '../../src/sentry/event/eventView';
import { NODE_LOCALS_SCRIPT, PYTHON_LOCALS_SCRIPT } from '../fixtures/replay/sdkScripts';
import { DapDriver } from '../unit/replay/dapDriver';
import { type Harness, repoRoot, runScript, startHarness, tempDir, writeTemp } from './captureHelpers';

// The real SDKs send a failure with frame locals to the real listener; the replay session then serves it
// to a Debug Adapter Protocol client, frames resolved against the directory the programs ran from.
describe('replay: events from real SDKs, captured by the listener, in the debugger', function () {
  this.timeout(60_000);
  let h: Harness;
  let tmp: ReturnType<typeof tempDir>;
  let resolver: FrameResolver;
  before(async () => {
    h = await startHarness();
    tmp = tempDir('sentry-lens-replay-live-');
    const py = writeTemp(tmp.path, 'orders.py', PYTHON_LOCALS_SCRIPT);
    const js = writeTemp(tmp.path, 'orders.mjs', NODE_LOCALS_SCRIPT);
    await runScript('/usr/bin/python3', [py, `http://public@127.0.0.1:${h.port}/7`]);
    await runScript(process.execPath, [js, `http://public@127.0.0.1:${h.port}/8`, join(repoRoot, 'package.json')]);
    resolver = new FrameResolver({ roots: [tmp.path], mappings: [] });
    await resolver.buildIndex();
  });
  after(async () => {
    await h.close();
    tmp.remove();
  });

  const replay = async (projectId: string) => {
    const stored = h.store.list({ filter: (e) => e.projectId === projectId && viewEvent(e.event).exceptions.length > 0 })[0];
    assert.ok(stored, `no error event from project ${projectId}`);
    const d = new DapDriver({
      loadEvent: async (args) => h.store.get(String(args.eventId))?.event,
      locate: async (frame, platform) => {
        const r = await resolver.resolve(frame, platform ? { platform } : {});
        return r.file ? { path: r.file, line: r.line ?? 1, column: r.column ?? 1 } : undefined;
      },
      scrub: defaultScrubber,
    });
    assert.ok((await d.start({ eventId: stored.id })).success);
    return d;
  };

  const localsOf = async (d: DapDriver, threadId: number, frame = 0) => {
    const f = (await d.request('stackTrace', { threadId })).body.stackFrames[frame];
    const scope = (await d.request('scopes', { frameId: f.id })).body.scopes[0];
    const vars = (await d.request('variables', { variablesReference: scope.variablesReference })).body.variables as Array<{ name: string; value: string }>;
    return { f, vars: new Map(vars.map((v) => [v.name, v.value])) };
  };

  it('python3-sentry-sdk: the raise in checkout, its cause in reserve, locals as the SDK wrote them', async () => {
    const d = await replay('7');
    const threads = (await d.request('threads')).body.threads;
    assert.deepEqual(threads.map((t: { name: string }) => t.name), ['RuntimeError (raised)', 'OutOfStock (cause 1)']);
    const raised = await localsOf(d, 1);
    assert.equal(raised.f.source.path, join(tmp.path, 'orders.py'));
    assert.match(PYTHON_LOCALS_SCRIPT.split('\n')[raised.f.line - 1]!, /raise RuntimeError/);
    assert.equal(raised.vars.get('order_id'), "'A-1001'");
    const cause = await localsOf(d, 2);
    assert.equal(cause.f.name, 'reserve');
    assert.equal(cause.vars.get('wanted'), '3');
    assert.equal(cause.vars.get('available'), '1');
  });

  it('@sentry/node with includeLocalVariables: the frame the SDK captured has its locals', async () => {
    const d = await replay('8');
    const raised = await localsOf(d, 1);
    assert.equal(raised.f.name, 'checkout');
    assert.equal(raised.f.source.path, join(tmp.path, 'orders.mjs'));
    assert.equal(raised.vars.get('orderId'), 'A-1001');
    const info = (await d.request('exceptionInfo', { threadId: 1 })).body;
    assert.equal(info.exceptionId, 'Error');
    assert.match(info.details.fullTypeName, /mechanism: generic; handled/);
  });
});
