import { SentryApiClient } from '../api/sentryApiClient';
import type { RestSource } from '../mcp/data/restSource';
import type { CliIo } from './io';
import { type RestFlags, readRestConfig, restWanted } from './restConfig';

/** The REST tools' source for `mcp` and `capture`, and the client to close when the command ends. */
export interface CliRestTools {
  source?: RestSource;
  close(): Promise<void>;
}

/**
 * search_issues and get_issue for a command serving the agents' tools, from
 * the same configuration as `sentry-lens issues` (SENTRY_AUTH_TOKEN, --org or
 * SENTRY_ORG, --base-url or SENTRY_URL, --project). Without any of it the
 * tools are not offered; with part of it a note on stderr says what is missing.
 */
export function cliRestTools(command: string, flags: RestFlags, io: CliIo): CliRestTools {
  if (!restWanted(flags, io.env)) return { close: async () => {} };
  const config = readRestConfig(flags, io.env);
  if (!config.ok) {
    io.stderr(`sentry-lens ${command}: search_issues and get_issue are off: ${config.reason}\n`);
    return { close: async () => {} };
  }
  const { baseUrl, token, org, projects } = config.value;
  const api = new SentryApiClient({ baseUrl, token });
  const source: RestSource = {
    target: async () => ({ api, org, projects }),
    howToConfigure: `Check the SENTRY_AUTH_TOKEN that \`sentry-lens ${command}\` was started with (it needs the event:read scope) and its organization "${org}" at ${api.baseUrl}.`,
  };
  io.stderr(`sentry-lens ${command}: search_issues and get_issue read organization "${org}" at ${api.baseUrl}\n`);
  return { source, close: () => api.close() };
}
