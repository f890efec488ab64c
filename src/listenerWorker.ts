import { runListenerWorker } from './capture/worker/runListenerWorker';
import { listenerMcp } from './mcp/listenerMcp';
import { WindowRest } from './mcp/data/windowRest';

/**
 * The listener worker thread's entry (bundled as dist/listenerWorker.js,
 * started by src/capture/worker/workerListener.ts): the capture listener with
 * the agents' tools at `/mcp`, resolving frames against the window's
 * workspace folders and code mappings, and search_issues and get_issue over
 * the REST API the window configures (sent over the message port).
 */
runListenerWorker({
  mcp: (ctx) => {
    const rest = new WindowRest(ctx.logger, ctx.restCall);
    const mcp = listenerMcp({ ...ctx, rest: rest.source });
    return {
      route: () => mcp.route(),
      setWorkspace: (w) => mcp.setWorkspace(w),
      filesChanged: (f) => mcp.filesChanged(f),
      setRest: (r) => rest.set(r),
      dispose() {
        mcp.dispose();
        rest.dispose();
      },
    };
  },
});
