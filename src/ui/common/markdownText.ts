/**
 * Event text (titles, culprits, releases, paths) as Markdown that shows
 * exactly that text: every ASCII punctuation character becomes a numeric
 * character reference, so nothing in it is Markdown syntax, raw HTML, or an
 * autolink (`demo-shop@1.0.0` is not an e-mail address, `www.x` and
 * `https://x` are not links). Line breaks stay line breaks. Pure: the shell
 * appends the result with `MarkdownString.appendMarkdown`.
 */
export function markdownText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[!-/:-@[-`{-~]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/\n/g, '  \n');
}
