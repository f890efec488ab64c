/** One `rel` of a Sentry `Link` header: `<url>; rel="next"; results="true"; cursor="0:100:0"`. */
export interface PageLink {
  url: string;
  rel: string;
  /** Whether there are results behind this link (Sentry always sends both links, with `results="false"` at the ends). */
  results: boolean;
  cursor?: string;
}

/** Parses Sentry's `Link` header; unknown or malformed parts are skipped. */
export function parseLinkHeader(header: string | undefined | null): PageLink[] {
  if (!header) return [];
  const out: PageLink[] = [];
  // Split on commas that start a new `<url>` (cursors and URLs may contain commas only inside <> or quotes).
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/s.exec(part);
    if (!m) continue;
    const params: Record<string, string> = {};
    for (const p of m[2]!.split(';')) {
      const kv = /^\s*([A-Za-z]+)\s*=\s*"?([^"]*)"?\s*$/.exec(p);
      if (kv) params[kv[1]!.toLowerCase()] = kv[2]!;
    }
    if (!params.rel) continue;
    const link: PageLink = { url: m[1]!, rel: params.rel, results: params.results === 'true' };
    if (params.cursor !== undefined) link.cursor = params.cursor;
    out.push(link);
  }
  return out;
}

/** The cursor of the next page, or undefined when Sentry says there is none. */
export function nextCursor(header: string | undefined | null): string | undefined {
  const next = parseLinkHeader(header).find((l) => l.rel === 'next');
  if (!next || !next.results) return undefined;
  if (next.cursor) return next.cursor;
  try {
    return new URL(next.url).searchParams.get('cursor') ?? undefined;
  } catch {
    return undefined;
  }
}
