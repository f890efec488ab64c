import { type KeyMatcher, isSensitiveKey } from './scrubKeys';

// The value patterns: secrets found inside strings (key=value pairs, URL
// passwords and DSN keys, vendor API keys, card numbers, SSNs, long random
// tokens) and card numbers sent as numbers.

export const FILTERED = '[Filtered]';


function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const CARD = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g;
const SSN = /(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])/g;

/** Vendor token shapes, as one alternation so a string is scanned once: each match keeps its first 8 characters. */
const API_KEY = new RegExp(
  [
    /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/.source, // Stripe
    /\bgh[pousr]_[A-Za-z0-9]{20,}/.source, // GitHub
    /\bgithub_pat_[A-Za-z0-9_]{20,}/.source,
    /\bxox[abposr]-[A-Za-z0-9-]{10,}/.source, // Slack
    /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/.source, // AWS access key id
    /\bsntry[su]_[A-Za-z0-9+/=_-]{20,}/.source, // Sentry auth tokens (org, user)
    /\bglpat-[A-Za-z0-9_-]{20,}/.source, // GitLab
    /\bAIza[A-Za-z0-9_-]{35}\b/.source, // Google API key
    /\bnpm_[A-Za-z0-9]{36}\b/.source,
    /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/.source, // JWT
    /\b(?:[Bb]earer|BEARER|[Tt]oken|[Bb]asic)\s+[A-Za-z0-9._~+/=-]{8,}/.source,
  ].join('|'),
  'g',
);

/** A URL's userinfo: a password, or a bare 32-hex DSN key. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]+)(?::([^\s/@]*))?@/gi;

const LONG_TOKEN = /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{32,}(?![A-Za-z0-9+/_=-])/g;

function entropyPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A long token with upper case, lower case and digits and high entropy (hex ids and words are left alone). */
function looksLikeSecretToken(s: string): boolean {
  return /[a-z]/.test(s) && /[A-Z]/.test(s) && /\d/.test(s) && entropyPerChar(s) >= 4;
}

function keepPrefix(match: string): string {
  return match.slice(0, 8) + FILTERED;
}

/** `name=value` or `name: value` inside text (query strings, log lines); the name is checked against the sensitive keys. */
const KEY_VALUE_IN_TEXT = /(?<![\w.-])([A-Za-z_][\w.-]{1,40})(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;"']+)/g;

/** A character of KEY_VALUE_IN_TEXT's names: [\w.-] */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

/** Whitespace as `\s` sees it. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));
}

/**
 * Whether KEY_VALUE_IN_TEXT could filter anything in `s`: a name it would
 * match ends just before each `=` or `:` (after optional whitespace), and is
 * the whole run of name characters there (its lookbehind), 2 to 41 long,
 * starting with a letter or `_`. False means the replace would change nothing,
 * so the regex (the costliest step on source lines and timestamps) is skipped.
 */
function mayHaveSensitivePair(s: string, keys: KeyMatcher): boolean {
  for (let i = 0; i < s.length; i++) {
    const sep = s.charCodeAt(i);
    if (sep !== 61 && sep !== 58) continue; // = :
    let end = i;
    while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && isNameChar(s.charCodeAt(start - 1))) start--;
    const len = end - start;
    if (len < 2 || len > 41) continue;
    const first = s.charCodeAt(start);
    if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 95)) continue;
    if (isSensitiveKey(keys, s.slice(start, end))) return true;
  }
  return false;
}

function hasDigitChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

export function scrubString(value: string, keys: KeyMatcher, extraPatterns: readonly RegExp[]): string {
  let s = value;
  // Cheap character tests first: most strings in an event are short words, paths and numbers.
  if (s.length >= 3) {
    const hasDigit = hasDigitChar(s);
    if ((s.includes('=') || s.includes(':')) && mayHaveSensitivePair(s, keys)) {
      s = s.replace(KEY_VALUE_IN_TEXT, (whole, name: string, sep: string, v: string) =>
        isSensitiveKey(keys, name) && !/^(?:Bearer|Token|Basic)$/i.test(v) ? `${name}${sep}${FILTERED}` : whole,
      );
    }
    if (s.includes('@')) {
      s = s.replace(URL_USERINFO, (whole, scheme: string, user: string, password: string | undefined) => {
        if (password !== undefined) return `${scheme}${user}:${FILTERED}@`;
        if (/^[0-9a-f]{32}$/i.test(user)) return `${scheme}${FILTERED}@`;
        return whole;
      });
    }
    if (s.length >= 12) s = s.replace(API_KEY, keepPrefix);
    if (hasDigit && s.length >= 11) {
      s = s.replace(CARD, (m) => {
        const digits = m.replace(/[ -]/g, '');
        return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? FILTERED : m;
      });
      s = s.replace(SSN, (m, area: string, group: string, serial: string) =>
        area === '000' || area === '666' || area[0] === '9' || group === '00' || serial === '0000' ? m : FILTERED,
      );
    }
    if (hasDigit && s.length >= 32) s = s.replace(LONG_TOKEN, (m) => (m.includes(FILTERED) || !looksLikeSecretToken(m) ? m : keepPrefix(m)));
  }
  for (const p of extraPatterns) s = s.replace(p, (m) => (m === '' ? m : FILTERED));
  return s;
}

export function scrubNumber(n: number): number | string {
  if (Number.isSafeInteger(n) && n >= 1e12) {
    const digits = String(Math.abs(n));
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return FILTERED;
  }
  return n;
}
