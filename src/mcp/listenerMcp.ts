import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventStoreApi } from '../capture/kinds/events/storedEvent';
import type { TelemetryStoreApi } from '../capture/kinds/telemetryStore';
import { ErrorLinks } from '../capture/kinds/traces/errorLinks';
import { TraceReader } from '../capture/kinds/traces/traceReader';
import type { CodeMapping } from '../source/resolver/codeMappings';
import { FrameResolver } from '../source/resolver/frameResolver';
import type { Logger } from '../util/logger';
import type { FrameLocator } from './data/frameSites';
import { lensMcpServer } from './tools/lensTools';
import { mcpHttpHandler } from './protocol/mcpHttp';
import type { RestSource } from './data/restSource';
import { StoreData } from './data/storeData';
import { StoreTelemetry } from './data/storeTelemetry';

/** The folders frames resolve against, and the code mappings that send a frame's path elsewhere. */
export interface McpWorkspace {
  roots: readonly string[];
  mappings: readonly CodeMapping[];
}

export interface McpFileChanges {
  events: ReadonlyArray<{ kind: 'created' | 'changed' | 'deleted'; path: string }>;
  rescan: boolean;
}

export interface ListenerMcpOptions {
  store: EventStoreApi;
  /** Spans and logs; none: the trace and log tools are not offered. */
  telemetry?: TelemetryStoreApi;
  /** The listener's own trace reader, when it has one (else one is made over the store). */
  reader?: TraceReader;
  workspace: McpWorkspace;
  /** Sentry's REST API, for search_issues and get_issue (`sentry-lens capture` started with it configured). */
  rest?: RestSource;
  version: string;
  logger?: Logger;
}

export interface ListenerMcp {
  /** The `POST /mcp` handler, for CaptureListenerOptions.mcp. */
  route(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** New folders or mappings (a workspace folder added, `sentry.codeMappings` edited): answers from now on use them. */
  setWorkspace(workspace: McpWorkspace): void;
  /** Files created, changed or deleted (in order), or `rescan`: index the folders again. */
  filesChanged(files: McpFileChanges): void;
  dispose(): void;
}

/**
 * The `/mcp` route of a listener over the store it writes: `sentry-lens
 * capture` (frames resolve against the folder it started in) and the VS Code
 * listener's worker (the window's workspace folders and code mappings, kept
 * current by the window). The index of the folders is built when a tool first
 * needs a frame, and again after the folders change.
 */
export function listenerMcp(opts: ListenerMcpOptions): ListenerMcp {
  let workspace = opts.workspace;
  let building: { resolver: Promise<FrameResolver>; abort: AbortController } | undefined;
  const current = () => {
    if (building) return building;
    const abort = new AbortController();
    const made = new FrameResolver({ roots: [...workspace.roots], mappings: [...workspace.mappings] });
    const b = { resolver: made.buildIndex({ signal: abort.signal }).then(() => made), abort };
    building = b;
    b.resolver.catch(() => {
      if (building === b) building = undefined;
    });
    return b;
  };
  const locator: FrameLocator = {
    async resolveMany(frames, o) {
      for (;;) {
        const b = current();
        try {
          return (await b.resolver).resolveMany(frames, o);
        } catch (e) {
          // The folders changed while the index was built: build again over the new ones.
          if (!b.abort.signal.aborted) throw e;
        }
      }
    },
  };
  const links = opts.reader || !opts.telemetry ? undefined : new ErrorLinks(opts.store);
  const reader = opts.reader ?? (opts.telemetry && links ? new TraceReader(opts.telemetry, links) : undefined);
  const server = lensMcpServer({
    data: new StoreData(opts.store),
    ...(opts.telemetry && reader ? { telemetry: new StoreTelemetry(opts.telemetry, reader) } : {}),
    locator,
    ...(opts.rest ? { rest: opts.rest } : {}),
    version: opts.version,
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const handler = mcpHttpHandler(server);
  return {
    route: () => handler,
    setWorkspace(next) {
      const sameRoots = next.roots.length === workspace.roots.length && next.roots.every((r, i) => r === workspace.roots[i]);
      workspace = next;
      const b = building;
      if (!b) return;
      if (sameRoots) {
        // The index stays: only the mappings move (applied once the index is built).
        void b.resolver.then((r) => r.setMappings([...next.mappings]), () => undefined);
        return;
      }
      building = undefined;
      b.abort.abort();
    },
    filesChanged(files) {
      const b = building;
      if (!b) return; // no index yet: the one built later sees the files as they are
      if (files.rescan) {
        building = undefined;
        b.abort.abort();
        return;
      }
      void b.resolver.then(
        (r) => {
          for (const e of files.events) {
            if (e.kind === 'created') r.onFileCreated(e.path);
            else if (e.kind === 'changed') r.onFileChanged(e.path);
            else r.onFileDeleted(e.path);
          }
        },
        () => undefined, // the build failed: the next call builds again
      );
    },
    dispose() {
      building?.abort.abort();
      links?.dispose();
    },
  };
}
