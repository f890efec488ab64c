import type { Logger } from '../../util/logger';
import type { CapturedData, CapturedTelemetry } from '../data/capturedData';
import { errorTools } from './errorTools';
import { type FrameLocator, FrameSites } from '../data/frameSites';
import { McpServer } from '../protocol/mcpServer';
import type { RestSource } from '../data/restSource';
import { restTools } from './restTools';
import { traceTools } from './traceTools';
import type { McpTool } from '../protocol/tool';
import type { ToolContext } from './toolContext';

export interface LensToolsOptions {
  data: CapturedData;
  /** Spans and logs; none: the trace and log tools are not offered. */
  telemetry?: CapturedTelemetry;
  /** Resolves frames to the workspace; none: answers give the event's own file names. */
  locator?: FrameLocator;
  now?: () => number;
  /** Sentry's REST API: search_issues and get_issue are offered when given (they say how to configure it while it is not). */
  rest?: RestSource;
}

const INSTRUCTIONS =
  'Sentry Lens: errors, traces and logs that the app under development sent to the local Sentry listener, with stack frames resolved to files of this workspace. Start with search_errors (or search_events with a Sentry search query), then get_event for one event in full.';

/** Every tool over one data source, in the order tools/list gives them. */
export function lensTools(opts: LensToolsOptions): McpTool[] {
  const ctx: ToolContext = { data: opts.data, sites: new FrameSites(opts.locator), now: opts.now ?? Date.now, traceTools: opts.telemetry !== undefined };
  return [...errorTools(ctx), ...(opts.telemetry ? traceTools(ctx, opts.telemetry) : []), ...(opts.rest ? restTools(ctx, opts.rest) : [])];
}

/** The MCP server with every tool, as the listener's `/mcp` and `sentry-lens mcp` serve it. */
export function lensMcpServer(opts: LensToolsOptions & { version: string; logger?: Logger }): McpServer {
  return new McpServer({ name: 'sentry-lens', version: opts.version, instructions: INSTRUCTIONS }, lensTools(opts), opts.logger);
}
