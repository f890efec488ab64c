import * as vscode from 'vscode';
import type { EventStoreApi } from '../../capture/kinds/events/storedEvent';
import type { TelemetryStoreApi } from '../../capture/kinds/telemetryStore';
import type { TraceReader } from '../../capture/kinds/traces/traceReader';
import { userMessageOf } from '../../sentry/errors';
import type { RestTarget } from '../../mcp/data/restSource';
import type { McpTool } from '../../mcp/protocol/tool';
import { WINDOW_REST_HOW_TO_CONFIGURE } from '../../mcp/data/windowRestHelp';
import type { FrameResolverHost } from '../frames/frameResolverHost';

/** The prefix of the names under which the tools are contributed (package.json `languageModelTools`). */
export const LM_TOOL_PREFIX = 'sentry-lens_';

export interface LanguageModelToolDeps {
  store(): Promise<EventStoreApi>;
  telemetry(): Promise<TelemetryStoreApi>;
  /** The window's trace reader (shared with the Traces view). */
  reader(): Promise<TraceReader>;
  host: FrameResolverHost;
  /** The REST API as the settings and the stored token configure it, undefined while it is not (search_issues, get_issue). */
  rest(): Promise<RestTarget | undefined>;
  log: vscode.LogOutputChannel;
}

const REST_TOOLS = new Set(['search_issues', 'get_issue']);

/**
 * The agents' tools (src/mcp: search_errors, get_event, search_traces, ...)
 * as VS Code language-model tools, so an agent in the editor uses them with
 * no configuration (search_issues and get_issue read the REST API the
 * settings configure, and say how to configure it while it is not).
 * Feature-detected: on a VS Code without `vscode.lm.registerTool` nothing is
 * registered and nothing fails. Every tool only reads, so none asks
 * for confirmation; the invocation message says what it reads.
 */
export function registerLanguageModelTools(deps: LanguageModelToolDeps): vscode.Disposable[] {
  const lm = (vscode as { lm?: { registerTool?: typeof vscode.lm.registerTool } }).lm;
  if (typeof lm?.registerTool !== 'function') return [];
  let tools: Promise<Map<string, McpTool>> | undefined;
  const load = () =>
    (tools ??= (async () => {
      const [{ lensTools }, { StoreData }, { StoreTelemetry }, store, telemetry, reader] = await Promise.all([
        import('../../mcp/tools/lensTools'),
        import('../../mcp/data/storeData'),
        import('../../mcp/data/storeTelemetry'),
        deps.store(),
        deps.telemetry(),
        deps.reader(),
      ]);
      const locator = { resolveMany: (frames: Parameters<FrameResolverHost['resolveMany']>[0], opts?: { platform?: string }) => deps.host.resolveMany(frames, opts?.platform) };
      const list = lensTools({ data: new StoreData(store), telemetry: new StoreTelemetry(telemetry, reader), locator, rest: { target: deps.rest, howToConfigure: WINDOW_REST_HOW_TO_CONFIGURE } });
      return new Map(list.map((t) => [t.name, t]));
    })());

  const names = ['search_errors', 'search_events', 'get_event', 'search_traces', 'get_traces', 'search_logs', 'search_issues', 'get_issue'];
  return names.map((name) =>
    lm.registerTool!<Record<string, unknown>>(`${LM_TOOL_PREFIX}${name}`, {
      prepareInvocation: () => ({ invocationMessage: REST_TOOLS.has(name) ? `Reading Sentry issues (${name})` : `Reading captured Sentry data (${name})` }),
      async invoke(options, token) {
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        try {
          const tool = (await load()).get(name);
          if (!tool) throw new Error(`the tool ${name} is not available`);
          const args = tool.input.safeParse(options.input ?? {});
          const text = !args.success
            ? `Error: the arguments do not fit ${name}: ${args.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`
            : await tool.run(args.data, ac.signal).then((r) => (r.ok ? r.value : `Error: ${r.reason}`));
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
        } catch (e) {
          deps.log.error(`[agents] ${name}: ${userMessageOf(e)}`);
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(`Error: ${userMessageOf(e)}`)]);
        } finally {
          sub.dispose();
        }
      },
    }),
  );
}
