/**
 * A validator for the JSON-schema subset that Sentry's OpenAPI description
 * uses in its response schemas: type (incl. integer), nullable, properties,
 * required, additionalProperties, items, enum, oneOf/anyOf/allOf, minLength
 * and format date-time. Enough to check that the fake server answers in
 * Sentry's published shapes; unknown keywords fail loudly so nothing is
 * silently skipped.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type JsonSchema = Record<string, unknown>;

const KNOWN = new Set([
  'type', 'nullable', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'oneOf', 'anyOf', 'allOf',
  'format', 'description', 'default', 'example', 'examples', 'title', 'minLength', 'readOnly', 'deprecated',
]);

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    case 'object': return isObj(v);
    case 'array': return Array.isArray(v);
    case 'null': return v === null;
    default: throw new Error(`schema uses an unsupported type "${type}"`);
  }
}

/** Every place where `value` breaks `schema`, as `path: problem` lines (empty when it conforms). */
export function validate(schema: JsonSchema, value: unknown, at = '$'): string[] {
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`schema at ${at} uses an unsupported keyword "${k}"`);
  if (value === null) {
    if (schema.nullable === true || schema.type === undefined && !schema.oneOf && !schema.anyOf && !schema.allOf && !schema.enum) return [];
    if (schema.type === 'null') return [];
    return [`${at}: is null but not nullable`];
  }
  const errors: string[] = [];
  if (typeof schema.type === 'string' && !typeOk(schema.type, value)) return [`${at}: expected ${schema.type}, got ${Array.isArray(value) ? 'array' : typeof value}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof schema.minLength === 'number' && typeof value === 'string' && value.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
  if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) errors.push(`${at}: "${value}" is not a date-time`);
  if (isObj(value)) {
    const props = isObj(schema.properties) ? schema.properties : {};
    if (Array.isArray(schema.required)) for (const r of schema.required as string[]) if (!(r in value)) errors.push(`${at}: missing required "${r}"`);
    for (const [k, v] of Object.entries(value)) {
      const ps = props[k];
      if (isObj(ps)) errors.push(...validate(ps, v, `${at}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property "${k}"`);
      else if (isObj(schema.additionalProperties) && !(k in props)) errors.push(...validate(schema.additionalProperties, v, `${at}.${k}`));
    }
  }
  if (Array.isArray(value) && isObj(schema.items)) value.forEach((item, i) => errors.push(...validate(schema.items as JsonSchema, item, `${at}[${i}]`)));
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf as JsonSchema[]) errors.push(...validate(s, value, at));
  if (Array.isArray(schema.anyOf) && !(schema.anyOf as JsonSchema[]).some((s) => validate(s, value, at).length === 0)) errors.push(`${at}: matches none of anyOf`);
  if (Array.isArray(schema.oneOf)) {
    const matching = (schema.oneOf as JsonSchema[]).filter((s) => validate(s, value, at).length === 0).length;
    // OpenAPI 3.0 descriptions often have overlapping oneOf branches; at least one must match.
    if (matching === 0) errors.push(`${at}: matches none of oneOf`);
  }
  return errors;
}

export const FIXTURES_DIR = path.join(__dirname, '../../../shared/fixtures');

type OpenApi = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }> }>> };
let cached: OpenApi | undefined;

/** The 200-response schema of `method path` in `sentry-openapi-subset.json` (path as written there). */
export function responseSchema(apiPath: string, method = 'get', status = '200'): JsonSchema {
  cached ??= JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'api/sentry-openapi-subset.json'), 'utf8')) as OpenApi;
  const schema = cached.paths[apiPath]?.[method]?.responses[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no ${status} JSON schema for ${method.toUpperCase()} ${apiPath} in the OpenAPI subset`);
  return schema;
}
