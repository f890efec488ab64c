/** SecretStorage keys: the only place DSNs, auth tokens and webhook secrets are kept. */
export const SecretKeys = {
  dsn: 'sentry.dsn',
  authToken: 'sentry.authToken',
  webhookSecret: 'sentry.webhookSecret',
} as const;
