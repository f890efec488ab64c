import type { Scrubber } from '../../sentry/scrub/scrub';
import { currentSettings } from './settings';

/**
 * The scrubber of the `sentry.scrubbing.*` settings, for what the window
 * shows or keeps. A pattern that is not a valid regular expression leaves the
 * built-in rules in force and comes back as `problem`, for the caller to log
 * or show. (The scrub module loads on first use, outside the activation path.)
 */
export async function configuredScrubber(): Promise<{ scrubber: Scrubber; problem?: string }> {
  const { createScrubber, defaultScrubber } = await import('../../sentry/scrub/scrub');
  const s = currentSettings();
  const r = createScrubber({ extraKeys: s.scrubbingExtraKeys, extraPatterns: s.scrubbingExtraPatterns });
  return r.ok ? { scrubber: r.value } : { scrubber: defaultScrubber, problem: r.reason };
}
