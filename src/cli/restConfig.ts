import { parseBaseUrl } from '../api/baseUrl';
import { type Result, fail, ok } from '../util/result';

/** Where the CLI reaches Sentry's REST API: `issues`, and the REST tools of `mcp` and `capture`. */
export interface RestConfig {
  baseUrl: string;
  /** From SENTRY_AUTH_TOKEN only, never a flag (it stays out of shell history and process lists). */
  token: string;
  org: string;
  /** Project slugs; none = every project the token can see. */
  projects: string[];
}

/** The flags naming the REST API, shared by the commands that reach it (the token is never a flag). */
export const REST_FLAGS = {
  'base-url': { kind: 'string', valueName: 'URL', help: 'Sentry URL (default $SENTRY_URL or https://sentry.io; e.g. https://de.sentry.io)' },
  org: { kind: 'string', valueName: 'ORG', help: 'organization slug (default $SENTRY_ORG)' },
  project: { kind: 'list', valueName: 'P', help: 'project slug; omit for all projects' },
} as const;

export interface RestFlags {
  'base-url'?: string | undefined;
  org?: string | undefined;
  project: string[];
}

const SLUG = /^[\w.-]+$/;

/** True when anything asks for the REST API: the token, an organization, or one of the flags. */
export function restWanted(flags: RestFlags, env: Record<string, string | undefined>): boolean {
  return Boolean(env.SENTRY_AUTH_TOKEN?.trim() || env.SENTRY_ORG?.trim() || flags.org || flags['base-url'] || flags.project.length);
}

/** The REST configuration from the flags and SENTRY_AUTH_TOKEN, SENTRY_URL, SENTRY_ORG; a reason a person can act on when something is missing or wrong. */
export function readRestConfig(flags: RestFlags, env: Record<string, string | undefined>): Result<RestConfig> {
  const token = env.SENTRY_AUTH_TOKEN?.trim();
  if (!token) return fail('set SENTRY_AUTH_TOKEN to a Sentry auth token with the event:read scope (Sentry: Settings > Auth Tokens)');
  const base = parseBaseUrl(flags['base-url'] ?? env.SENTRY_URL ?? 'https://sentry.io');
  if (!base.ok) return base;
  const org = (flags.org ?? env.SENTRY_ORG ?? '').trim();
  if (!org) return fail('give the organization slug with --org ORG (or set SENTRY_ORG)');
  if (!SLUG.test(org)) return fail(`"${org}" is not an organization slug (letters, digits, "-", "_" and "." only)`);
  for (const p of flags.project) if (!SLUG.test(p)) return fail(`"${p}" is not a project slug (letters, digits, "-", "_" and "." only)`);
  return ok({ baseUrl: base.value, token, org, projects: flags.project });
}
