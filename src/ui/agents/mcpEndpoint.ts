import { localMcpUrl } from '../capture/localDsn';
import type { ListenerStatus } from '../status/statusModel';

/**
 * The `/mcp` URL VS Code's MCP support is offered for a state of local
 * capture: only while this window's own listener runs. A window that follows
 * another window's listener offers none: that listener resolves frames
 * against the other window's folders (its language-model tools still read the
 * shared store and resolve against this window's).
 */
export function mcpEndpointOf(status: ListenerStatus): string | undefined {
  return status.state === 'listening' ? localMcpUrl(status.host, status.port) : undefined;
}
