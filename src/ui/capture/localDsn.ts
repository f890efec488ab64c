import { isLoopbackHost } from '../settings/settingsModel';

/**
 * The address an SDK or agent on this machine reaches the listener at: a
 * wildcard or loopback bind address through 127.0.0.1; a specific other
 * address through itself (bracketed when IPv6).
 */
function reachable(host: string): string {
  const h = host.trim();
  const reach = h === '' || h === '0.0.0.0' || h === '::' || isLoopbackHost(h) ? '127.0.0.1' : h;
  return reach.includes(':') ? `[${reach.replace(/^\[|\]$/g, '')}]` : reach;
}

/**
 * The DSN an SDK on this machine uses to send to the local listener:
 * `http://public@127.0.0.1:<port>/1`. Any public key is accepted by the
 * listener; "public" and project 1 are fixed so the DSN is the same in every
 * window and in the CLI.
 */
export function localDsn(host: string, port: number): string {
  return `http://public@${reachable(host)}:${port}/1`;
}

/** The listener's MCP endpoint for an agent on this machine: `http://127.0.0.1:<port>/mcp`. */
export function localMcpUrl(host: string, port: number): string {
  return `http://${reachable(host)}:${port}/mcp`;
}
