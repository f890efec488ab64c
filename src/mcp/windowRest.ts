import { SentryApiClient } from '../api/sentryApiClient';
import type { WorkerRest } from '../capture/worker/protocol';
import { userMessageOf } from '../sentry/errors';
import type { Logger } from '../util/logger';
import type { RestSource, RestTarget } from './restTools';
import { WINDOW_REST_HOW_TO_CONFIGURE } from './windowRestHelp';

/**
 * search_issues and get_issue of the window listener's `/mcp` (on the
 * listener's worker thread): the REST API as the window last sent it, one
 * client per configuration, closed when the next one comes or the token is
 * removed. While none is set the tools answer how to configure it, as the
 * window's language-model tools do. The token stays in this object's memory.
 */
export class WindowRest {
  private client: SentryApiClient | undefined;
  private target: RestTarget | undefined;
  readonly source: RestSource = { target: async () => this.target, howToConfigure: WINDOW_REST_HOW_TO_CONFIGURE };

  constructor(private readonly log: Logger) {}

  set(rest: WorkerRest | undefined): void {
    this.closeClient();
    if (!rest) {
      this.log.info('search_issues and get_issue: the Sentry REST API is not configured');
      return;
    }
    try {
      this.client = new SentryApiClient({ baseUrl: rest.baseUrl, token: rest.token, logger: this.log, userAgent: 'sentry-lens/0.1.0' });
    } catch (e) {
      // userMessageOf never carries the token: the client's own errors say what is wrong without it.
      this.log.warn(`search_issues and get_issue are off: ${userMessageOf(e)}`);
      return;
    }
    this.target = { api: this.client, org: rest.org, projects: rest.projects, ...(rest.environment ? { environment: rest.environment } : {}) };
    this.log.info(`search_issues and get_issue read organization "${rest.org}" at ${this.client.baseUrl}`);
  }

  dispose(): void {
    this.closeClient();
  }

  private closeClient(): void {
    const c = this.client;
    this.client = undefined;
    this.target = undefined;
    c?.close().catch((e: unknown) => this.log.warn(`closing the Sentry API client failed: ${userMessageOf(e)}`));
  }
}
