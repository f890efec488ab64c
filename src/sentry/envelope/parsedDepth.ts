import { type Result, fail } from '../../util/result';
import { parseObjectUnchecked } from './envelopeParser';

/**
 * Parses JSON text as one object and refuses nesting deeper than `maxDepth`,
 * measured on the parsed value rather than on the text: V8's JSON.parse does
 * not recurse, so deep text cannot overflow the stack there, and walking the
 * objects JSON.parse made (with a stack of our own, never recursion) costs a
 * fraction of scanning every character first (envelopeParser's
 * parseJsonObject). For large items parsed whole, like a `log` item of 100
 * lines. The reasons are parseJsonObject's.
 */
export function parseJsonObjectThenDepth(text: string, maxDepth: number, what: string): Result<Record<string, unknown>> {
  const parsed = parseObjectUnchecked(text, what);
  if (!parsed.ok) return parsed;
  return deeperThan(parsed.value, maxDepth) ? fail(`${what}: JSON nested deeper than ${maxDepth} levels`) : parsed;
}

/** Whether objects and arrays nest deeper than `max` in `value` (1 for a flat object), without recursion. */
export function deeperThan(value: object, max: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length) {
    const v = values.pop() as object;
    const d = depths.pop()!;
    if (d > max) return true;
    const children = Array.isArray(v) ? (v as unknown[]) : Object.values(v);
    for (const c of children) {
      if (c !== null && typeof c === 'object') {
        values.push(c);
        depths.push(d + 1);
      }
    }
  }
  return false;
}
