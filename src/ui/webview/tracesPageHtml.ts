import { escapeHtml as h } from './escapeHtml';

/** The scripts of media/traces every traces page loads before its own (el, the virtual list). */
export const SHARED_SCRIPTS = ['virtualList.js'] as const;

/** What a traces page needs from the webview host: the CSP source, a fresh nonce, URIs of its files (media/traces). */
export interface TracesPageParts {
  cspSource: string;
  nonce: string;
  title: string;
  /** The page's stylesheet. */
  styleUri: string;
  /** The shared scripts first (SHARED_SCRIPTS, in order), then the page's own. */
  scriptUris: readonly string[];
  /** The page's markup (trusted: built by the extension, no event text). */
  body: string;
}

/**
 * The document of the Logs view and of a trace waterfall: a CSP that lets in
 * only the extension's stylesheet and the scripts carrying this page's nonce,
 * the scripts in the order given (event text arrives later by message and is
 * set as text by the scripts).
 */
export function tracesPageHtml(p: TracesPageParts): string {
  const csp = [`default-src 'none'`, `style-src ${p.cspSource}`, `script-src 'nonce-${p.nonce}'`].join('; ');
  const scripts = p.scriptUris.map((s) => `<script nonce="${h(p.nonce)}" src="${h(s)}"></script>`).join('\n');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${h(p.styleUri)}"><title>${h(p.title)}</title></head>
<body>${p.body}
${scripts}</body></html>`;
}
