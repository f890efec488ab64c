/**
 * Whether the REST client may send the token to an organization's `regionUrl`:
 * the same host as the base URL or one of its subdomains (sentry.io -> de.sentry.io),
 * with the base's scheme or https. Anything else is not followed: the token goes
 * only where the user pointed it.
 */
export function mayFollowRegion(baseUrl: string, regionUrl: string): boolean {
  let base: URL;
  let region: URL;
  try {
    base = new URL(baseUrl);
    region = new URL(regionUrl);
  } catch {
    return false;
  }
  if (region.username || region.password || region.search || region.hash) return false;
  if (region.protocol !== base.protocol && region.protocol !== 'https:') return false;
  const b = base.hostname.toLowerCase();
  const r = region.hostname.toLowerCase();
  return r === b || r.endsWith(`.${b}`);
}
