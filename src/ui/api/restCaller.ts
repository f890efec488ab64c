import type { CallOptions, ListIssuesOptions, SentryApiClient } from '../../api/sentryApiClient';
import type { RestCaller } from '../../capture/worker/protocol';

/**
 * Runs the REST calls the listener worker's search_issues and get_issue ask
 * for (src/mcp/data/windowRest.ts) on this window's client. The arguments come from
 * our own worker over the message port, shaped by the IssueApi it implements;
 * the client checks the answers against the API's schemas as for the tree.
 */
export function restCallerFor(client: SentryApiClient): RestCaller {
  return (method, args) => {
    const [a, b, c] = args;
    switch (method) {
      case 'listIssues':
        return client.listIssues(a as ListIssuesOptions);
      case 'getIssue':
        return client.getIssue(a as string, b as CallOptions & { org?: string });
      case 'resolveShortId':
        return client.resolveShortId(a as string, b as string, c as CallOptions);
      case 'latestEvent':
        return client.latestEvent(a as string, b as CallOptions & { org?: string });
    }
  };
}
