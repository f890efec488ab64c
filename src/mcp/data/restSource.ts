import type { SentryApiClient } from '../../api/sentryApiClient';

/** What the REST tools call (src/api/sentryApiClient.ts). */
export type IssueApi = Pick<SentryApiClient, 'listIssues' | 'getIssue' | 'resolveShortId' | 'latestEvent'>;

/** The configured REST API: the client and the organization (and projects) it reads. */
export interface RestTarget {
  api: IssueApi;
  org: string;
  /** Project slugs searched when the call names none; empty: every project. */
  projects: readonly string[];
  environment?: string;
}

/** Where the REST tools find the API, asked at every call (the configuration may change); undefined while it is not configured. */
export interface RestSource {
  target(): Promise<RestTarget | undefined>;
  /** What to do to configure it (or to fix the token), told when it is missing or refused. */
  howToConfigure: string;
}
