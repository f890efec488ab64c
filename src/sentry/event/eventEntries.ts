type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One interface of an event (`breadcrumbs`, `request`, ...) in either shape:
 * an SDK event keeps it at the top level, a REST API event in
 * `entries: [{ type, data }]`.
 */
export function entryData(event: Obj, type: string): unknown {
  if (event[type] !== undefined) return event[type];
  if (Array.isArray(event.entries)) {
    for (const e of event.entries) if (isObj(e) && e.type === type) return e.data;
  }
  return undefined;
}
