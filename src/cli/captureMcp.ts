import type { EventStoreApi } from '../capture/storedEvent';
import type { TelemetryStoreApi } from '../capture/telemetryStore';
import { ErrorLinks } from '../capture/traces/errorLinks';
import { TraceReader } from '../capture/traces/traceReader';
import { StoreTelemetry } from '../mcp/storeTelemetry';
import { lazyLocator } from '../mcp/frameSites';
import { lensMcpServer } from '../mcp/lensTools';
import { mcpHttpHandler } from '../mcp/mcpHttp';
import type { RestSource } from '../mcp/restTools';
import { StoreData } from '../mcp/storeData';
import { FrameResolver } from '../source/frameResolver';

/**
 * The `/mcp` route of `sentry-lens capture`: agents reach the tools at the
 * listener, and frames resolve against the folder it was started in; with
 * the REST API configured, search_issues and get_issue too.
 */
export function captureMcp(
  store: EventStoreApi,
  telemetry: TelemetryStoreApi,
  opts: { root?: string; rest?: RestSource } = {},
): { route: () => ReturnType<typeof mcpHttpHandler>; dispose(): void } {
  const root = opts.root ?? process.cwd();
  const locator = lazyLocator(async () => {
    const resolver = new FrameResolver({ roots: [root], mappings: [] });
    await resolver.buildIndex();
    return resolver;
  });
  const links = new ErrorLinks(store);
  const handler = mcpHttpHandler(
    lensMcpServer({ data: new StoreData(store), telemetry: new StoreTelemetry(telemetry, new TraceReader(telemetry, links)), locator, version: process.env.SENTRY_LENS_VERSION ?? '0.1.0', ...(opts.rest ? { rest: opts.rest } : {}) }),
  );
  return { route: () => handler, dispose: () => links.dispose() };
}
