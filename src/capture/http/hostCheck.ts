import { isIP } from 'node:net';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * DNS-rebinding protection: a request's `Host` must name the listener by a
 * loopback name (`localhost`, `*.localhost`, 127.0.0.1, [::1]) or by the address
 * it is bound to; when bound to a wildcard address, any IP literal is also
 * accepted (names are not: a rebound name is exactly the attack).
 */
export function isAllowedHost(hostHeader: string | undefined, boundHost: string): boolean {
  if (hostHeader === undefined) return false;
  const name = hostnameOf(hostHeader.trim().toLowerCase());
  if (name === undefined) return false;
  if (LOOPBACK_NAMES.has(name) || name.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  const bound = boundHost.toLowerCase().replace(/^\[|\]$/g, '');
  if (name === bound) return true;
  return (bound === '0.0.0.0' || bound === '::') && isIP(name) !== 0;
}

function hostnameOf(host: string): string | undefined {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) return undefined;
    const rest = host.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return host.slice(1, end);
  }
  const m = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(host);
  return m?.[1];
}
