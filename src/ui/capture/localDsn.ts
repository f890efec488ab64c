import { isLoopbackHost } from '../settingsModel';

/**
 * The DSN an SDK on this machine uses to send to the local listener:
 * `http://public@127.0.0.1:<port>/1`. Any public key is accepted by the
 * listener; "public" and project 1 are fixed so the DSN is the same in every
 * window and in the CLI. A wildcard or loopback bind address is reached
 * through 127.0.0.1; a specific other address through itself.
 */
export function localDsn(host: string, port: number): string {
  const h = host.trim();
  const reach = h === '' || h === '0.0.0.0' || h === '::' || isLoopbackHost(h) ? '127.0.0.1' : h;
  return `http://public@${reach.includes(':') ? `[${reach.replace(/^\[|\]$/g, '')}]` : reach}:${port}/1`;
}
