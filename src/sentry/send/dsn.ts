import { type Result, ok, fail } from '../../util/result';

/**
 * A parsed Sentry DSN: `{protocol}://{public_key}[:{secret_key}]@{host}[:{port}][/{path}]/{project_id}`.
 * Every form the SDKs accept is accepted: http and https, an optional (deprecated)
 * secret key, a port, a path prefix (self-hosted Sentry under a sub-path),
 * regional ingest hosts and IPv6 literals.
 */
export interface Dsn {
  readonly protocol: 'http' | 'https';
  readonly publicKey: string;
  readonly secretKey?: string;
  /** Host name as written, IPv6 literals without brackets. */
  readonly host: string;
  readonly port?: number;
  /** Path before the project id, without leading or trailing slash ("" when none). */
  readonly pathPrefix: string;
  readonly projectId: string;
}

const PROJECT_ID = /^\d+$/;
const KEY = /^[A-Za-z0-9_-]+$/;

/** Parses a DSN, returning a reason that says what is wrong when it is not one. */
export function parseDsn(input: string): Result<Dsn> {
  const text = input.trim();
  if (text === '') return fail('the DSN is empty');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text);
  if (!scheme) return fail('the DSN must start with http:// or https://');
  const protocol = scheme[1]!.toLowerCase();
  if (protocol !== 'http' && protocol !== 'https') {
    return fail(`the DSN scheme must be http or https, not "${scheme[1]}"`);
  }
  const rest = text.slice(scheme[0].length);
  const at = rest.lastIndexOf('@');
  if (at < 0) return fail('the DSN has no public key before the host (expected https://<key>@<host>/<project>)');
  const userinfo = rest.slice(0, at);
  if (/[/?#]/.test(userinfo)) return fail('the DSN has no public key before the host (expected https://<key>@<host>/<project>)');
  const hostAndPath = rest.slice(at + 1);
  const colon = userinfo.indexOf(':');
  const publicKey = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
  const secretKey = colon >= 0 ? userinfo.slice(colon + 1) : undefined;
  if (publicKey === '') return fail('the DSN has an empty public key before "@"');
  if (!KEY.test(publicKey)) return fail('the DSN public key may only contain letters, digits, "-" and "_"');
  if (secretKey !== undefined && secretKey !== '' && !KEY.test(secretKey)) {
    return fail('the DSN secret key may only contain letters, digits, "-" and "_"');
  }
  if (/[?#]/.test(hostAndPath)) return fail('the DSN must not have a query string or fragment');

  if (hostAndPath.startsWith('[') && !/^\[[^\]/]*\]/.test(hostAndPath)) return fail('the DSN IPv6 address is missing its closing "]"');
  const hostMatch = /^(\[[^\]]*\]|[^/:]*)(?::([^/]*))?/.exec(hostAndPath);
  const rawHost = hostMatch?.[1] ?? '';
  if (rawHost === '') return fail('the DSN has no host after "@"');
  const rawPort = hostMatch?.[2];
  let port: number | undefined;
  if (rawPort !== undefined) {
    if (!/^\d+$/.test(rawPort) || Number(rawPort) < 1 || Number(rawPort) > 65535) {
      return fail(`the DSN port "${rawPort}" is not a number from 1 to 65535`);
    }
    port = Number(rawPort);
  }
  let url: URL;
  try {
    url = new URL(`${protocol}://${hostAndPath}`);
  } catch {
    return fail('the DSN host is not a valid host name or address');
  }
  if (url.hostname === '') return fail('the DSN has no host after "@"');
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const projectId = segments.pop();
  if (projectId === undefined) return fail('the DSN has no project id after the host');
  if (!PROJECT_ID.test(projectId)) return fail(`the DSN project id "${decodeURIComponent(projectId)}" must be a number`);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return ok({
    protocol,
    publicKey,
    ...(secretKey ? { secretKey } : {}),
    host,
    ...(port !== undefined ? { port } : {}),
    pathPrefix: segments.join('/'),
    projectId,
  });
}

/** `scheme://host[:port]` with IPv6 literals bracketed. */
export function dsnOrigin(dsn: Dsn): string {
  const host = dsn.host.includes(':') ? `[${dsn.host}]` : dsn.host;
  return `${dsn.protocol}://${host}${dsn.port !== undefined ? `:${dsn.port}` : ''}`;
}

function apiBase(dsn: Dsn): string {
  return `${dsnOrigin(dsn)}${dsn.pathPrefix ? `/${dsn.pathPrefix}` : ''}/api/${dsn.projectId}`;
}

/** The envelope endpoint: `{origin}{/prefix}/api/{project}/envelope/`. */
export function envelopeUrl(dsn: Dsn): string {
  return `${apiBase(dsn)}/envelope/`;
}

/** The legacy store endpoint: `{origin}{/prefix}/api/{project}/store/`. */
export function storeUrl(dsn: Dsn): string {
  return `${apiBase(dsn)}/store/`;
}

/** The DSN written back out; the secret key is kept only when asked for. */
export function formatDsn(dsn: Dsn, withSecret = false): string {
  const keys = withSecret && dsn.secretKey ? `${dsn.publicKey}:${dsn.secretKey}` : dsn.publicKey;
  return `${dsn.protocol}://${keys}@${dsnOrigin(dsn).replace(/^https?:\/\//, '')}${dsn.pathPrefix ? `/${dsn.pathPrefix}` : ''}/${dsn.projectId}`;
}

/**
 * A DSN safe to show in logs and labels: scheme, host and project only. No
 * part of the key: a prefix of a short key is most of the key.
 */
export function redactDsn(dsn: Dsn): string {
  return `${dsnOrigin(dsn)}${dsn.pathPrefix ? `/${dsn.pathPrefix}` : ''}/${dsn.projectId}`;
}

/** The `X-Sentry-Auth` header value for ingestion. */
export function sentryAuthHeader(dsn: Dsn, client: string): string {
  const parts = [`Sentry sentry_version=7`, `sentry_key=${dsn.publicKey}`, `sentry_client=${client}`];
  if (dsn.secretKey) parts.push(`sentry_secret=${dsn.secretKey}`);
  return parts.join(', ');
}

/** Hosts of sentry.io's SaaS ingestion (`o123.ingest.sentry.io`, regional `o123.ingest.de.sentry.io`) and sentry.io itself. */
const SAAS_HOST = /(?:^|\.)sentry\.io$/;

/**
 * A link to an event in Sentry's web UI, where one can be derived from the DSN;
 * undefined for the local listener (loopback hosts).
 *
 * Sentry's event pages are addressed by organization and project *slugs*
 * (`https://{org}.sentry.io/issues/{issue}/events/{event}/`), and a DSN carries
 * neither (`o123` in an ingest host is the organization's numeric id, which the
 * web UI does not route on). So the link is an issue search for the event id:
 * Sentry's issue list recognises a 32-hex query as an event id and opens that
 * event (`matchingEventId`). With `orgSlug` it is the organization's own URL:
 * `https://{org}.sentry.io/issues/?project={id}&query={eventId}` for sentry.io
 * (customer domains serve every data-storage region, so regional ingest hosts
 * such as `o1.ingest.de.sentry.io` need nothing else) and
 * `{origin}{/prefix}/organizations/{org}/issues/?...` for self-hosted. Without
 * it, the org-less path `/issues/?...` is used, which sentry.io sends to the
 * signed-in person's last organization and self-hosted (single-organization
 * mode by default) to its organization.
 */
export function eventWebUrl(
  dsn: Dsn,
  eventId: string,
  opts: { orgSlug?: string; localHosts?: readonly string[] } = {},
): string | undefined {
  const local = opts.localHosts ?? ['127.0.0.1', 'localhost', '::1'];
  if (local.includes(dsn.host.toLowerCase())) return undefined;
  const query = `?project=${encodeURIComponent(dsn.projectId)}&query=${encodeURIComponent(eventId)}`;
  const org = opts.orgSlug?.trim() ? encodeURIComponent(opts.orgSlug.trim()) : undefined;
  if (SAAS_HOST.test(dsn.host.toLowerCase())) {
    return org ? `https://${org}.sentry.io/issues/${query}` : `https://sentry.io/issues/${query}`;
  }
  const base = `${dsnOrigin(dsn)}${dsn.pathPrefix ? `/${dsn.pathPrefix}` : ''}`;
  return org ? `${base}/organizations/${org}/issues/${query}` : `${base}/issues/${query}`;
}
