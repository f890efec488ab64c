import { z } from 'zod';

/**
 * Typed attributes as span v2 and log items carry them
 * (develop.sentry.dev "Span Protocol", "Logs"): `{"key": {"value": ..., "type": ...}}`
 * with type `string`, `boolean`, `integer`, `double` or an array type.
 * Kept as plain values (`{"key": value}`): the type only says how a value
 * that JSON already types was meant.
 */
export type AttributeValue = string | number | boolean | null | readonly AttributeValue[];
export type Attributes = Record<string, AttributeValue>;

const plainValue: z.ZodType<AttributeValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(plainValue)]));

/** One typed attribute: `value` is required, `type` and `unit` are informative. */
const typedAttribute = z.looseObject({ value: plainValue, type: z.string().optional(), unit: z.string().optional() });

export const typedAttributesSchema = z.record(z.string(), typedAttribute);

/** Plain attributes (the `data` of v1 spans, tags): what is not a plain value is kept as its JSON text. */
export function plainAttributes(input: unknown): Attributes {
  const out: Attributes = Object.create(null) as Attributes;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return out;
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) out[k] = toPlain(v);
  return out;
}

/** `{"k": {"value": v, "type": t}}` → `{"k": v}`. */
export function flattenAttributes(typed: z.infer<typeof typedAttributesSchema> | undefined): Attributes {
  const out: Attributes = Object.create(null) as Attributes;
  if (!typed) return out;
  for (const [k, a] of Object.entries(typed)) out[k] = a.value;
  return out;
}

function toPlain(v: unknown): AttributeValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (Array.isArray(v) && v.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x))) return v as AttributeValue[];
  if (v === undefined) return null;
  return JSON.stringify(v) ?? null;
}

/**
 * What passes `typedAttributesSchema`, checked and flattened in one loop
 * without zod (the hot path: every log line and span has a dozen); undefined
 * when something does not pass, for the schema to say why.
 */
export function flattenPlainTyped(input: unknown): Attributes | undefined {
  const out: Attributes = Object.create(null) as Attributes;
  if (input === undefined) return out;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  for (const k in input as Record<string, unknown>) {
    if (!Object.hasOwn(input, k)) continue;
    const a = (input as Record<string, unknown>)[k];
    if (a === null || typeof a !== 'object' || Array.isArray(a)) return undefined;
    const { value, type } = a as { value?: unknown; type?: unknown };
    if (type !== undefined && typeof type !== 'string') return undefined;
    if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') out[k] = value;
    else if (Array.isArray(value) && value.every((x) => x === null || typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number')) out[k] = value as AttributeValue[];
    else return undefined;
  }
  return out;
}

/** A string attribute, or undefined. */
export function stringAttribute(a: Attributes, key: string): string | undefined {
  const v = a[key];
  return typeof v === 'string' ? v : undefined;
}
