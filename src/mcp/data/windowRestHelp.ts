/**
 * What search_issues and get_issue tell an agent in a VS Code window while the
 * REST API is not configured or refuses the token: the same words from the
 * language-model tools and from the window listener's `/mcp`.
 */
export const WINDOW_REST_HOW_TO_CONFIGURE =
  'Run "Sentry: Set Auth Token" with a token that has the event:read scope, and set sentry.api.organization (and sentry.api.baseUrl for a self-hosted Sentry or a region).';
