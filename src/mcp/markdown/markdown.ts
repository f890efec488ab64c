/** Small helpers for the tools' markdown answers. */

/** Inline code that survives backticks in the text. */
export function code(s: string): string {
  const fence = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** A one-line value, shortened. */
export function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/** A value as compact JSON, shortened. */
export function brief(v: unknown, n = 160): string {
  let s: string;
  try {
    // Strings as they are: SDKs already send values as their language prints them (Python's repr).
    s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  return clip(s, n);
}

/** ISO time without milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A fenced block with a language hint, its fence longer than any backtick run inside. */
export function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

/** The code-fence language for an SDK platform. */
export function langOf(platform: string | undefined): string {
  switch (platform) {
    case 'node':
    case 'javascript':
      return 'js';
    case 'python':
      return 'python';
    case 'java':
      return 'java';
    case 'go':
      return 'go';
    case 'ruby':
      return 'ruby';
    case 'php':
      return 'php';
    case 'csharp':
      return 'csharp';
    default:
      return '';
  }
}
