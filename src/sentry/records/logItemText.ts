/**
 * A `log` item's payload checked as text, without parsing it: the plain form
 * SDKs send (`{"version":2,"items":[{...},...]}`, no whitespace, no escapes in
 * keys), every line of which decodeLogItem keeps as it is. It is exact or it
 * declines, as scrubText.ts does: a text it counts is valid JSON whose every
 * line decodeLogItem would keep; anything else it does not model (whitespace,
 * other keys in the container or in an attribute, objects or arrays where
 * the plain form has none, negative or exponent numbers, a timestamp that is
 * a string, a line without its timestamp, level or body) gets undefined, and
 * the caller parses the item as usual (which then says what is wrong).
 */

const S = '"[^"\\\\\\u0000-\\u001f]*"';
const NUM = '-?(?:0|[1-9]\\d{0,20})(?:\\.\\d{1,20})?';
const PRIM = `(?:${S}|${NUM}|true|false|null)`;
/** An attribute's `value`, `type` and `unit`: each of the plain kinds flattenPlainTyped takes; `value` must be there. */
const ATTR_MEMBER = `(?:"value":(?:${PRIM}|\\[(?:${PRIM}(?:,${PRIM})*)?\\])|"type":${S}|"unit":${S})`;
const ATTR = `\\{(?=[^{}]*"value":)${ATTR_MEMBER}(?:,${ATTR_MEMBER})*\\}`;
const ATTRS = `\\{(?:${S}:${ATTR}(?:,${S}:${ATTR})*)?\\}`;
const KNOWN = '(?:timestamp|level|body|trace_id|span_id|severity_number|attributes)';
/** A line's members: the known keys with the kinds plainLog takes (a timestamp as a number of seconds), any other key with a plain value. */
const LINE_MEMBER = [
  `"timestamp":(?:0|[1-9]\\d{0,20})(?:\\.\\d{1,20})?`,
  `"level":${S}`,
  `"body":${S}`,
  `"trace_id":(?:${S}|null)`,
  `"span_id":(?:${S}|null)`,
  `"severity_number":${NUM}`,
  `"attributes":${ATTRS}`,
  `"(?!${KNOWN}")[^"\\\\\\u0000-\\u001f]*":${PRIM}`,
].join('|');
const LINE = new RegExp(`\\{(?:${LINE_MEMBER})(?:,(?:${LINE_MEMBER}))*\\}`, 'y');
const CONTAINER_HEAD = new RegExp(`\\{(?:"version":${NUM},)?"items":\\[`, 'y');
/** Only line-level members are followed by these (an attribute's name is followed by `{`). */
const HAS_TIMESTAMP = /"timestamp":\d/;

/** How deep the plain form nests: container, items, line, attributes, attribute, value array. */
export const PLAIN_LOG_ITEM_NESTING = 6;

/** The number of lines of a `log` item in the plain form, every one of which decodeLogItem keeps; undefined when the text is not in that form. */
export function countPlainLogLines(text: string): number | undefined {
  CONTAINER_HEAD.lastIndex = 0;
  if (!CONTAINER_HEAD.test(text)) return undefined;
  let pos = CONTAINER_HEAD.lastIndex;
  let count = 0;
  for (;;) {
    LINE.lastIndex = pos;
    const m = LINE.exec(text);
    if (!m) return undefined;
    const line = m[0];
    if (!HAS_TIMESTAMP.test(line) || !line.includes('"level":"') || !line.includes('"body":"')) return undefined;
    count++;
    pos = LINE.lastIndex;
    const next = text.charCodeAt(pos);
    if (next === 0x2c) pos++; // ,
    else if (next === 0x5d) break; // ]
    else return undefined;
  }
  return count > 0 && pos + 2 === text.length && text.endsWith(']}') ? count : undefined;
}
