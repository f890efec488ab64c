import { strict as assert } from 'node:assert';
import { type FileEvent, MAX_FILE_EVENTS } from '../../../../src/capture/worker/fileEvents';
import type { WorkerFiles, WorkerWorkspace } from '../../../../src/capture/worker/protocol';
import { type McpWorkspaceSource, WorkspaceFollower } from '../../../../src/ui/capture/workspaceFollower';
import { silentLogger } from '../../../../src/util/logger';

/** A tiny event in VS Code's shape: subscribe with a listener, get a disposable. */
function event<T>() {
  const listeners = new Set<(e: T) => void>();
  const on = (l: (e: T) => void) => {
    listeners.add(l);
    return { dispose: () => listeners.delete(l) };
  };
  return { on, fire: (e: T) => listeners.forEach((l) => l(e)), count: () => listeners.size };
}

const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

describe('ui/capture: the listener worker follows the window’s workspace', () => {
  let workspace: WorkerWorkspace = { roots: ['/ws'], mappings: [] };
  const changed = event<void>();
  const file = event<FileEvent>();
  const source: McpWorkspaceSource = { current: async () => workspace, onDidChange: changed.on as never, onDidChangeFile: file.on as never };
  let sent: Array<WorkerWorkspace | WorkerFiles> = [];
  let running = true;
  const target = { setWorkspace: (w: WorkerWorkspace) => sent.push(w), filesChanged: (f: WorkerFiles) => sent.push(f) };
  let follower: WorkspaceFollower;
  beforeEach(() => {
    sent = [];
    running = true;
    follower = new WorkspaceFollower(source, () => (running ? target : undefined), silentLogger);
  });
  afterEach(() => follower.dispose());

  it('sends new folders or mappings to the running listener at once', async () => {
    workspace = { roots: ['/ws', '/other'], mappings: [{ stackRoot: '/app/', sourceRoot: 'src' }] };
    changed.fire();
    await settle(10);
    assert.deepEqual(sent, [workspace]);
  });

  it('sends the file events of a burst in one message, in their order', async () => {
    file.fire({ kind: 'created', path: '/ws/a.js' });
    file.fire({ kind: 'deleted', path: '/ws/a.js' });
    file.fire({ kind: 'changed', path: '/ws/b.js' });
    assert.deepEqual(sent, [], 'batched, not one message per event');
    await settle();
    assert.deepEqual(sent, [{ events: [{ kind: 'created', path: '/ws/a.js' }, { kind: 'deleted', path: '/ws/a.js' }, { kind: 'changed', path: '/ws/b.js' }], rescan: false }]);
  });

  it('turns a burst too large to list into a rescan', async () => {
    for (let i = 0; i <= MAX_FILE_EVENTS; i++) file.fire({ kind: 'created', path: `/ws/f${i}.js` });
    await settle();
    assert.deepEqual(sent, [{ events: [], rescan: true }]);
  });

  it('sends nothing while no listener runs (one that starts indexes the workspace as it is)', async () => {
    running = false;
    changed.fire();
    file.fire({ kind: 'created', path: '/ws/a.js' });
    await settle();
    assert.deepEqual(sent, []);
  });

  it('lets go of its events and its pending batch when disposed', async () => {
    file.fire({ kind: 'created', path: '/ws/a.js' });
    const before = changed.count() + file.count();
    follower.dispose();
    assert.equal(changed.count() + file.count(), before - 2);
    await settle();
    assert.deepEqual(sent, []);
  });
});
