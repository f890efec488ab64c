import * as vscode from 'vscode';
import type { ListenerStatus } from '../status/statusModel';
import { mcpEndpointOf } from './mcpEndpoint';

/** The id under which package.json contributes the provider (`contributes.mcpServerDefinitionProviders`). */
export const MCP_PROVIDER_ID = 'sentry-lens.localCapture';

/*
 * The slice of VS Code's MCP API used here. It is newer than the minimum
 * VS Code (engines ^1.96) and its @types, so it is declared here and looked
 * up at run time: on a VS Code without it nothing is registered.
 */
interface McpServerDefinitionProvider {
  readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<object[]>;
  resolveMcpServerDefinition?(server: object, token: vscode.CancellationToken): vscode.ProviderResult<object>;
}
type McpHttpServerDefinitionCtor = new (label: string, uri: vscode.Uri, headers?: Record<string, string>, version?: string) => object;
interface McpApi {
  lm?: { registerMcpServerDefinitionProvider?: (id: string, provider: McpServerDefinitionProvider) => vscode.Disposable };
  McpHttpServerDefinition?: McpHttpServerDefinitionCtor;
}

export interface McpServerDefinitionDeps {
  /** Local capture's state now, and its changes. */
  status(): ListenerStatus;
  readonly onDidChangeStatus: vscode.Event<ListenerStatus>;
  version: string;
  log: vscode.LogOutputChannel;
}

/**
 * Offers the listener's `/mcp` to VS Code's own MCP support (the agent mode
 * and any extension that reads MCP servers from the editor), as an HTTP
 * server definition: it needs no process of its own and answers with this
 * window's workspace folders and code mappings (the listener's worker
 * resolves against them). Offered while this window's listener runs, and
 * withdrawn or moved when it stops or changes port.
 */
export function registerMcpServerDefinitions(deps: McpServerDefinitionDeps): vscode.Disposable[] {
  const api = vscode as unknown as McpApi;
  const register = api.lm?.registerMcpServerDefinitionProvider;
  const Http = api.McpHttpServerDefinition;
  if (typeof register !== 'function' || typeof Http !== 'function') return [];
  const changed = new vscode.EventEmitter<void>();
  let offered = mcpEndpointOf(deps.status());
  const follow = deps.onDidChangeStatus((s) => {
    const next = mcpEndpointOf(s);
    if (next === offered) return;
    offered = next;
    changed.fire();
  });
  const provider: McpServerDefinitionProvider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => (offered ? [new Http('Sentry Lens', vscode.Uri.parse(offered), {}, deps.version)] : []),
    // Asked when VS Code starts the server: still there only if the listener still runs where it was offered.
    resolveMcpServerDefinition: (server) => {
      const uri = (server as { uri?: vscode.Uri }).uri?.toString();
      return offered && uri === vscode.Uri.parse(offered).toString() ? server : undefined;
    },
  };
  try {
    return [register.call(api.lm, MCP_PROVIDER_ID, provider), follow, changed];
  } catch (e) {
    // An editor whose MCP support refuses the provider: the rest of the extension runs without it.
    deps.log.warn(`[agents] the MCP server could not be offered to VS Code: ${e instanceof Error ? e.message : String(e)}`);
    follow.dispose();
    changed.dispose();
    return [];
  }
}
