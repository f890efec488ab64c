/** Context keys the shell sets for `when` clauses in package.json (welcome views, view/title menus). */
export const ContextKeys = {
  /** A DSN is stored in SecretStorage. */
  dsnSet: 'sentry.dsnSet',
  /** This window's listener is running, or another window's listener captures into the shared store. */
  capturing: 'sentry.capturing',
  /** An auth token and an organization are set: the REST API is polled. */
  apiEnabled: 'sentry.apiEnabled',
  /** A filter is active on the Errors view (set by the views). */
  filterActive: 'sentry.filterActive',
  /** An event was captured (or is stored): the walkthrough's "Run a sample" step is done. */
  eventCaptured: 'sentry.eventCaptured',
  /**
   * Set once Get Started has opened the walkthrough. VS Code marks a step done
   * only when its condition turns true while the walkthrough is registered; the
   * walkthrough registers late when no welcome page was shown, so each step also
   * waits for `<its key> && sentry.walkthroughReady`, which turns true after.
   */
  walkthroughReady: 'sentry.walkthroughReady',
  /** A frame was opened (a file, or its context lines): the walkthrough's "Open a frame" step is done. */
  frameOpened: 'sentry.frameOpened',
  /** An event was sent with Create Issue: the walkthrough's "Send a test event" step is done. */
  testEventSent: 'sentry.testEventSent',
} as const;
