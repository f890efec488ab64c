import type { SearchValue } from './ast';
import { type Result, fail, ok } from '../../util/result';

/**
 * Reading values as the key's type asks: globs for text, numbers,
 * durations (`500ms`, `2s`, `1.5m`), booleans, and dates - absolute ISO 8601
 * (`2024-05-01`, `2024-05-01T10:00:00Z`) or relative to now (`-24h` within
 * the last 24 hours, `+7d` longer ago than 7 days).
 */

/** A matcher for one text value, compiled once: exact (case-insensitive) or a glob as a regular expression. */
export interface TextMatcher {
  /** The value in lower case, when it has no wildcard. */
  exact?: string;
  re?: RegExp;
  /** The value is a lone `*`: any present value. */
  any: boolean;
}

const escapeRe = (s: string): string => s.replace(/[.+?^${}()|[\]\\*]/g, '\\$&');

/** `contains`: the value may match anywhere in the field (message, title); else it must match the whole field. */
export function textMatcher(v: SearchValue, contains: boolean): TextMatcher {
  if (v.wild.length === 0) return contains ? { re: new RegExp(escapeRe(v.text), 'i'), any: false } : { exact: v.text.toLowerCase(), any: false };
  const parts: string[] = [];
  let from = 0;
  for (const w of v.wild) {
    parts.push(escapeRe(v.text.slice(from, w)));
    from = w + 1;
  }
  parts.push(escapeRe(v.text.slice(from)));
  const any = v.text === '*';
  // A leading or trailing wildcard is an unanchored end (no ^.* to backtrack over).
  const head = contains || parts[0] === '' ? '' : '^';
  const tail = contains || parts[parts.length - 1] === '' ? '' : '$';
  const body = parts.filter((p, i) => p !== '' || (i > 0 && i < parts.length - 1)).join('.*');
  return { re: new RegExp(`${head}${body}${tail}`, 'is'), any };
}

export function testText(m: TextMatcher, s: string): boolean {
  if (m.exact !== undefined) return s.length === m.exact.length && s.toLowerCase() === m.exact;
  return m.re!.test(s);
}

export function parseNumber(text: string): number | undefined {
  return /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(text) ? Number(text) : undefined;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000, d: 86_400_000, day: 86_400_000, w: 604_800_000, wk: 604_800_000 };

/** Milliseconds from `500ms`, `2s`, `1.5m`, `1h`, `2d`, `1w`; a bare number is milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i.exec(text);
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const factor = unit === '' ? 1 : DURATION_UNITS[unit];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

export function parseBoolean(text: string): boolean | undefined {
  const t = text.toLowerCase();
  if (t === 'true' || t === 'yes' || t === '1') return true;
  if (t === 'false' || t === 'no' || t === '0') return false;
  return undefined;
}

/**
 * A date value as a span of time [from, to) in ms since the epoch: a day for
 * `2024-05-01`, a second for `...T10:00:00`, a millisecond when the fraction
 * is given. A relative value is the instant `now - amount`, with `sign`
 * saying which side `key:-24h` (after it) and `key:+24h` (before it) mean.
 */
export type DateValue = { kind: 'span'; from: number; to: number } | { kind: 'relative'; instant: number; sign: '-' | '+' };

const RELATIVE_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseDate(text: string, now: number): Result<DateValue> {
  const rel = /^([-+])(\d+)([smhdw])$/.exec(text);
  if (rel) return ok({ kind: 'relative', instant: now - Number(rel[2]) * RELATIVE_UNITS[rel[3]!]!, sign: rel[1] as '-' | '+' });
  const abs = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!abs) return fail(`"${text}" is not a date: use an ISO date (2024-05-01, 2024-05-01T10:00:00Z) or a time ago (-24h, -7d, +30m)`);
  const [, y, mo, d, hh, mm, ss, frac, zone] = abs;
  const iso = `${y}-${mo}-${d}T${hh ?? '00'}:${mm ?? '00'}:${ss ?? '00'}${frac ? frac.slice(0, 4) : ''}${zone ? (zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone) : 'Z'}`;
  const from = Date.parse(iso);
  if (Number.isNaN(from) || Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return fail(`"${text}" is not a valid date`);
  const width = hh === undefined ? 86_400_000 : ss === undefined ? 60_000 : frac ? 1 : 1000;
  return ok({ kind: 'span', from, to: from + width });
}
