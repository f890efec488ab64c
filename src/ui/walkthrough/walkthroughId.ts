/** The walkthrough's id in package.json (`contributes.walkthroughs`); opened as `<extension id>#<this>`. */
export const WALKTHROUGH_ID = 'sentry.getStarted';
