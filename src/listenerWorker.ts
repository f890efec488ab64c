import { runListenerWorker } from './capture/worker/runListenerWorker';
import { listenerMcp } from './mcp/listenerMcp';

/**
 * The listener worker thread's entry (bundled as dist/listenerWorker.js,
 * started by src/capture/worker/workerListener.ts): the capture listener with
 * the agents' tools at `/mcp`, resolving frames against the window's
 * workspace folders and code mappings.
 */
runListenerWorker({ mcp: (ctx) => listenerMcp(ctx) });
