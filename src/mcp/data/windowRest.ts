import type { RestCaller, WorkerRest } from '../../capture/worker/protocol';
import { SentryError } from '../../sentry/errors';
import type { Logger } from '../../util/logger';
import type { IssueApi, RestSource, RestTarget } from './restSource';
import { WINDOW_REST_HOW_TO_CONFIGURE } from './windowRestHelp';

/**
 * search_issues and get_issue of the window listener's `/mcp` (on the
 * listener's worker thread): the organization, projects and environment the
 * window last sent, and every call run by the window's own REST client over
 * the message port. The token never reaches the worker, and the worker's
 * bundle carries no HTTP client. While nothing is set the tools answer how to
 * configure it, as the window's language-model tools do.
 */
export class WindowRest {
  private target: RestTarget | undefined;
  private readonly api: IssueApi;
  readonly source: RestSource = { target: async () => this.target, howToConfigure: WINDOW_REST_HOW_TO_CONFIGURE };

  constructor(
    private readonly log: Logger,
    call: RestCaller,
  ) {
    this.api = issueApiThrough(call);
  }

  set(rest: WorkerRest | undefined): void {
    if (!rest) {
      this.target = undefined;
      this.log.info('search_issues and get_issue: the Sentry REST API is not configured');
      return;
    }
    this.target = { api: this.api, org: rest.org, projects: rest.projects, ...(rest.environment ? { environment: rest.environment } : {}) };
    this.log.info(`search_issues and get_issue read organization "${rest.org}" at ${rest.baseUrl}`);
  }

  dispose(): void {
    this.target = undefined;
  }
}

/**
 * The four calls, each sent to the window. An abort signal cannot cross the
 * port: an aborted call stops waiting here and the window's call ends within
 * its client's own timeouts.
 */
function issueApiThrough(call: RestCaller): IssueApi {
  const send = <T>(method: Parameters<RestCaller>[0], args: unknown[], signal: AbortSignal | undefined): Promise<T> => {
    const answer = call(method, args) as Promise<T>;
    if (!signal) return answer;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new SentryError('cancelled', 'The call to Sentry was cancelled.'));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
  return {
    listIssues: ({ signal, ...o }) => send('listIssues', [o], signal),
    getIssue: (id, { signal, ...o } = {}) => send('getIssue', [id, o], signal),
    resolveShortId: (org, id, { signal, ...o } = {}) => send('resolveShortId', [org, id, o], signal),
    latestEvent: (id, { signal, ...o } = {}) => send('latestEvent', [id, o], signal),
  };
}
