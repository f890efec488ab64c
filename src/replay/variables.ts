/**
 * The Variables view's data for a replayed event: plain JSON values from the
 * event become Debug Adapter Protocol variables, containers getting a
 * reference that expands them on demand. Whatever an event holds stays inert
 * and bounded: values are shown as text (never markup), long strings are cut
 * with their length said, containers list at most MAX_CHILDREN entries, and
 * nesting is only walked when the user expands it.
 */

export interface DapVariable {
  name: string;
  value: string;
  type?: string;
  variablesReference: number;
  namedVariables?: number;
  indexedVariables?: number;
}

export const MAX_VALUE_CHARS = 2_000;
export const MAX_CHILDREN = 500;

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** Cuts a string to `max` characters, saying how long it was. */
export function bounded(text: string, max = MAX_VALUE_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters)` : text;
}

/** One line of text for a value: strings as sent, containers summarised. */
export function renderValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return bounded(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `Array(${v.length})`;
  if (isContainer(v)) {
    const keys = Object.keys(v);
    const shown = keys.slice(0, 5).join(', ');
    return bounded(`{${shown}${keys.length > 5 ? ', …' : ''}}`, 200);
  }
  return bounded(String(v));
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Hands out variable references for containers and lists their children. References live as long as the store. */
export class VariableStore {
  private readonly containers = new Map<number, Container>();
  private nextRef: number;

  /** `firstRef` leaves room below it for references the caller hands out itself (scopes). */
  constructor(firstRef = 1_000) {
    this.nextRef = firstRef;
  }

  /** A reference that expands to `entries` (a scope or a container); 0 when there is nothing to expand. */
  reference(value: Container): number {
    const ref = this.nextRef++;
    this.containers.set(ref, value);
    return ref;
  }

  variable(name: string, value: unknown): DapVariable {
    const out: DapVariable = { name, value: renderValue(value), type: typeOf(value), variablesReference: 0 };
    if (isContainer(value)) {
      const size = Array.isArray(value) ? value.length : Object.keys(value).length;
      if (size > 0) {
        out.variablesReference = this.reference(value);
        if (Array.isArray(value)) out.indexedVariables = value.length;
        else out.namedVariables = size;
      }
    }
    return out;
  }

  /** The children of a reference, in the order the event lists them; undefined for an unknown reference. */
  children(ref: number, start = 0, count?: number): DapVariable[] | undefined {
    const c = this.containers.get(ref);
    if (!c) return undefined;
    const entries: Array<[string, unknown]> = Array.isArray(c) ? c.map((v, i) => [String(i), v]) : Object.entries(c);
    const from = Math.max(0, Math.floor(start));
    const limit = Math.min(count && count > 0 ? count : MAX_CHILDREN, MAX_CHILDREN);
    const slice = entries.slice(from, from + limit).map(([k, v]) => this.variable(k, v));
    const rest = entries.length - from - slice.length;
    if (rest > 0 && !(count && count > 0)) {
      slice.push({ name: '…', value: `${rest.toLocaleString('en-US')} more not shown`, variablesReference: 0 });
    }
    return slice;
  }

  clear(): void {
    this.containers.clear();
  }
}
