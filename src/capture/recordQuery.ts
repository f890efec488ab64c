import { type Result, fail, ok } from '../util/result';

/**
 * The filter of `GET /traces?query=` and `GET /logs?query=` until the search
 * language covers spans and logs: terms separated by spaces, all of which
 * must match. `key:value` compares a field or attribute (case-insensitive,
 * whole value; `*` is a wildcard), free text is a case-insensitive substring
 * of the record's text, `!` negates a term, `"..."` quotes a value with
 * spaces.
 */
export interface RecordFields<T> {
  /** The text free terms search (a log's body, a trace's names). */
  text(r: T): string;
  /** The value of `key` in `r`, or undefined when it has none. */
  field(r: T, key: string): unknown;
}

type Term = { negated: boolean } & ({ kind: 'text'; value: string } | { kind: 'field'; key: string; pattern: RegExp });

export function compileRecordQuery<T>(text: string, fields: RecordFields<T>): Result<(r: T) => boolean> {
  const terms: Term[] = [];
  const re = /(!?)(?:([\w.\-[\]]+):)?(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  const trimmed = text.trim();
  if (/^(?:[^"]*"[^"]*")*[^"]*"[^"]*$/.test(trimmed)) return fail('unbalanced quote: a " is never closed');
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    const negated = m[1] === '!';
    const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[4]!;
    if (m[2] !== undefined) {
      if (!value) return fail(`${m[2]}: needs a value, e.g. ${m[2]}:error`);
      terms.push({ kind: 'field', key: m[2], pattern: wildcard(value), negated });
    } else {
      terms.push({ kind: 'text', value: value.toLowerCase(), negated });
    }
  }
  return ok((r: T) => {
    for (const t of terms) {
      let hit: boolean;
      if (t.kind === 'text') hit = fields.text(r).toLowerCase().includes(t.value);
      else {
        const v = fields.field(r, t.key);
        hit = v !== undefined && v !== null && t.pattern.test(String(v));
      }
      if (hit === t.negated) return false;
    }
    return true;
  });
}

function wildcard(value: string): RegExp {
  return new RegExp(`^${value.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}
