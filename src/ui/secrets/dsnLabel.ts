import type { Dsn } from '../../sentry/send/dsn';

/** `host[:port]/project` of a DSN: what labels, messages and tooltips may show (never a key). */
export function dsnLabel(dsn: Dsn): string {
  const host = dsn.host.includes(':') ? `[${dsn.host}]` : dsn.host;
  const prefix = dsn.pathPrefix ? `/${dsn.pathPrefix}` : '';
  return `${host}${dsn.port !== undefined ? `:${dsn.port}` : ''}${prefix}/${dsn.projectId}`;
}
