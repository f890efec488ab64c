/**
 * Scrubbing an event while it is still JSON text: one pass over the text that
 * checks its syntax, finds every key and value with the same context the
 * object walk of scrub.ts gives it (sensitive key, structural key or subtree),
 * applies the same rules to each value, and splices the changed values into
 * the text. For the capture listener, whose events would otherwise be parsed,
 * walked and serialised again: this makes no objects at all and leaves the
 * text as it came when nothing is filtered.
 *
 * It is exact or it declines: the result, parsed, is deep-equal to the object
 * walk over the parsed text (test/unit/sentry/scrub/scrubText.test.ts checks that over real
 * events and mutated ones), and whatever it does not model it leaves to the
 * walk by returning undefined:
 *   - text that is not a JSON object, or not valid JSON (the caller's parser
 *     then gives the reason);
 *   - nesting as deep as the walk's own limit (it writes "[MaxDepth]");
 *   - arrays that may be lists of [name, value] pairs (the walk treats the
 *     names as keys): any array whose first element is an array;
 *   - raw control characters (invalid inside strings; as whitespace only a
 *     tab or CR would be valid, and a newline would end a record in the
 *     store).
 */

/** What scrub.ts knows of keys and values: the walk's own rules. */
export interface TextScrubRules {
  /** KEY_* bits of an object key. */
  keyInfo(key: string): number;
  /** The walk's answer for a string value outside structural places. */
  scrubString(value: string): string;
  /** The walk's answer for a number outside structural places. */
  scrubNumber(value: number): number | string;
  /** The walk's depth limit: an object or array this deep becomes "[MaxDepth]". */
  readonly maxDepth: number;
  readonly filtered: string;
  /** The scanner's memory of the last events (see Memo); set by the scanner. */
  memo?: Memo;
}

/**
 * The keys, and the string values checked against the value rules, of the
 * events scanned before, by their order in the event: the n-th key of the
 * next event is most often the n-th key of the last one (the same SDK sends
 * the same shape, the same context lines, the same runtime), and comparing
 * it in place costs less than slicing it out and looking it up. An entry is
 * used only when the text is the same, and gives the answer the rules gave
 * for that text (keyInfo and scrubString depend on the text alone).
 */
export interface Memo {
  keys: string[];
  keyInfo: number[];
  values: string[];
  answers: string[];
}

const MEMO_SIZE = 4096;
/** Longer values are not remembered (nor are they by scrub.ts's string cache): a memo of a few hundred KB at most. */
const MEMO_VALUE_MAX = 256;

export const KEY_SENSITIVE = 1;
export const KEY_STRUCTURAL_SUBTREE = 2;
export const KEY_STRUCTURAL = 4;

export interface IdValues {
  event_id?: string | 0 | null;
  eventID?: string | 0 | null;
  id?: string | 0 | null;
}

export interface TextScrubResult {
  /** The scrubbed event as JSON text (the input itself when nothing was filtered). */
  text: string;
  changed: boolean;
  /**
   * The last value of each of the top-level keys `event_id`, `eventID` and
   * `id` (as JSON.parse would keep it), after scrubbing: the string, `0` for
   * any number, `null` for any other kind of value; absent keys are missing.
   */
  ids: IdValues;
  /** The same for `event_id` before scrubbing (what an envelope parser checks). */
  rawEventId?: string | 0 | null;
}

const QUOTE = 34;
const CONTROL = /[\x00-\x1f]/;
const BACKSLASH = 92;

/**
 * Scrubs the JSON text of an event (see the module comment). Returns
 * undefined when it declines; never throws.
 */
export function scrubJsonText(s: string, rules: TextScrubRules, maxNesting = Infinity): TextScrubResult | undefined {
  const depthLimit = Math.min(rules.maxDepth, maxNesting);
  // Raw control characters: invalid in strings, and a newline would end a record in the store. Tab and CR are
  // whitespace too, but rare enough in what SDKs send to leave to the walk; without them, strings need no per-character look.
  if (CONTROL.test(s)) return undefined;
  const n = s.length;
  let i = skipWs(s, 0);
  if (s.charCodeAt(i) !== 123 /* { */) return undefined;
  nextSlash = 0;

  // The text is copied to `out` only up to a change and from after it.
  let out = '';
  let copiedTo = 0;
  let changed = false;
  const ids: IdValues = {};
  let rawEventId: string | 0 | null | undefined;

  // Open containers, as parallel stacks: is it an array, and the context its values get.
  const isArray: boolean[] = [];
  const frameFilterAll: boolean[] = [];
  const frameStructural: boolean[] = [];
  /** Arrays: whether the element about to be read is the first one. */
  let firstElement = false;
  let depth = 0;

  // The context of the value about to be read, from its container and, in an object, its key: `structural` for a
  // primitive, `containerStructural` for an object or array (a structural key such as `type` makes only a primitive
  // value structural, as the walk's `typeof child !== 'object'` does).
  let filterAll = false;
  let structural = false;
  let containerStructural = false;
  /** In the top-level object, which of the id keys the value belongs to. */
  let idKey: 'event_id' | 'eventID' | 'id' | undefined;

  let expectKey = false;
  let expectValue = true;
  const memo = (rules.memo ??= { keys: [], keyInfo: [], values: [], answers: [] });
  let keyIndex = 0;
  let valueIndex = 0;
  for (;;) {
    if (expectKey) {
      // `"key" :` in the object on top of the stack
      if (s.charCodeAt(i) !== QUOTE) return undefined;
      const end = stringEnd(s, i);
      if (end < 0) return undefined;
      // The previous event's key at the same place, when this one is the same text: no slice, no map lookup.
      const prevKey = keyIndex < MEMO_SIZE ? memo.keys[keyIndex] : undefined;
      let key: string;
      let info: number;
      if (prevKey !== undefined && !hadEscape && end - i - 1 === prevKey.length && s.startsWith(prevKey, i + 1)) {
        key = prevKey;
        info = memo.keyInfo[keyIndex]!;
      } else {
        key = decodeString(s, i, end);
        info = rules.keyInfo(key);
        if (keyIndex < MEMO_SIZE) {
          memo.keys[keyIndex] = key;
          memo.keyInfo[keyIndex] = info;
        }
      }
      keyIndex++;
      i = skipWs(s, end + 1);
      if (s.charCodeAt(i) !== 58 /* : */) return undefined;
      i = skipWs(s, i + 1);
      const d = depth - 1;
      filterAll = frameFilterAll[d]! || (info & KEY_SENSITIVE) !== 0;
      containerStructural = frameStructural[d]! || (info & KEY_STRUCTURAL_SUBTREE) !== 0;
      structural = containerStructural || (info & KEY_STRUCTURAL) !== 0;
      idKey = depth === 1 && (key === 'event_id' || key === 'eventID' || key === 'id') ? key : undefined;
      expectKey = false;
      expectValue = true;
    }
    if (expectValue) {
      const c = s.charCodeAt(i);
      const start = i;
      if (c === QUOTE) {
        const end = stringEnd(s, i);
        if (end < 0) return undefined;
        i = end + 1;
        if (filterAll) {
          if (s.charCodeAt(start + 1) !== 91 /* [ */ || decodeString(s, start, end) !== rules.filtered) {
            out += s.slice(copiedTo, start) + filteredJson(rules);
            copiedTo = i;
            changed = true;
          }
          if (idKey) {
            ids[idKey] = rules.filtered;
            if (idKey === 'event_id') rawEventId = decodeString(s, start, end);
          }
        } else if (!structural && !idKey) {
          // The previous event's value at the same place, when this one is the same text: its answer, without a slice or a lookup.
          const prev = valueIndex < MEMO_SIZE ? memo.values[valueIndex] : undefined;
          let now: string;
          if (prev !== undefined && !hadEscape && end - start - 1 === prev.length && s.startsWith(prev, start + 1)) {
            now = memo.answers[valueIndex]!;
            if (now !== prev) {
              out += s.slice(copiedTo, start) + JSON.stringify(now);
              copiedTo = i;
              changed = true;
            }
          } else {
            const v = decodeString(s, start, end);
            now = rules.scrubString(v);
            if (valueIndex < MEMO_SIZE && v.length <= MEMO_VALUE_MAX) {
              memo.values[valueIndex] = v;
              memo.answers[valueIndex] = now;
            }
            if (now !== v) {
              out += s.slice(copiedTo, start) + JSON.stringify(now);
              copiedTo = i;
              changed = true;
            }
          }
          valueIndex++;
        } else if (!structural || idKey) {
          const v = decodeString(s, start, end);
          if (idKey === 'event_id') rawEventId = v;
          let now = v;
          if (!structural) {
            now = rules.scrubString(v);
            if (now !== v) {
              out += s.slice(copiedTo, start) + JSON.stringify(now);
              copiedTo = i;
              changed = true;
            }
          }
          if (idKey) ids[idKey] = now;
        }
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (depth >= depthLimit) return undefined;
        if (firstElement && c === 91) return undefined; // an array of arrays may be a list of [name, value] pairs
        if (idKey) ids[idKey] = null;
        if (idKey === 'event_id') rawEventId = null;
        isArray[depth] = c === 91;
        frameFilterAll[depth] = filterAll;
        frameStructural[depth] = containerStructural;
        depth++;
        i = skipWs(s, i + 1);
        const close = c === 123 ? 125 : 93;
        if (s.charCodeAt(i) === close) {
          i++;
          depth--;
          firstElement = false;
        } else if (c === 123) {
          firstElement = false;
          expectKey = true;
          expectValue = false;
          continue;
        } else {
          // the first element, in the array's context
          firstElement = true;
          structural = containerStructural = frameStructural[depth - 1]!;
          idKey = undefined;
          continue;
        }
      } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
        const end = numberEnd(s, i);
        if (end < 0) return undefined;
        i = end;
        if (idKey) ids[idKey] = 0;
        if (idKey === 'event_id') rawEventId = 0;
        if (filterAll) {
          out += s.slice(copiedTo, start) + filteredJson(rules);
          copiedTo = i;
          changed = true;
        } else if (!structural && (end - start >= 13 || hasExponent(s, start, end))) {
          // (shorter tokens are below 1e12, the least the number rule looks at, unless written with an exponent)
          const v = Number(s.slice(start, end));
          const r = rules.scrubNumber(v);
          if (r !== v) {
            out += s.slice(copiedTo, start) + JSON.stringify(r);
            copiedTo = i;
            changed = true;
          }
        }
      } else if (c === 116 /* t */ || c === 102 /* f */) {
        const word = c === 116 ? 'true' : 'false';
        if (!s.startsWith(word, i)) return undefined;
        i += word.length;
        if (idKey) ids[idKey] = null;
        if (idKey === 'event_id') rawEventId = null;
        if (filterAll) {
          out += s.slice(copiedTo, start) + filteredJson(rules);
          copiedTo = i;
          changed = true;
        }
      } else if (c === 110 /* n */) {
        if (!s.startsWith('null', i)) return undefined;
        i += 4;
        if (idKey) ids[idKey] = null;
        if (idKey === 'event_id') rawEventId = null;
      } else {
        return undefined;
      }
      expectValue = false;
      firstElement = false;
    }
    // After a value: a comma, or the end of its container.
    i = skipWs(s, i);
    if (depth === 0) break;
    const c = s.charCodeAt(i);
    const inArray = isArray[depth - 1]!;
    if (c === 44 /* , */) {
      i = skipWs(s, i + 1);
      if (inArray) {
        filterAll = frameFilterAll[depth - 1]!;
        structural = containerStructural = frameStructural[depth - 1]!;
        idKey = undefined;
        expectValue = true;
      } else {
        expectKey = true;
      }
      continue;
    }
    if (c === (inArray ? 93 : 125)) {
      i++;
      depth--;
      continue;
    }
    return undefined;
  }
  if (i !== n) return undefined;
  const text = changed ? out + s.slice(copiedTo) : s;
  return rawEventId === undefined ? { text, changed, ids } : { text, changed, ids, rawEventId };
}

function filteredJson(rules: TextScrubRules): string {
  return JSON.stringify(rules.filtered);
}

/** Past spaces, tabs and carriage returns (newlines were ruled out). */
function skipWs(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) i++;
    else return i;
  }
}

/**
 * Scratch state of stringEnd (the scan is synchronous and not reentrant):
 * the index of the next backslash at or after where the scan is (n when
 * there is none left), so that finding it costs one pass over the whole
 * text, not one per string; and whether the last string had an escape.
 */
let nextSlash = 0;
let hadEscape = false;

/**
 * The index of the closing quote of the string token whose opening quote is
 * at `i`, or -1 when the token is not valid JSON. Quotes and backslashes are
 * found with the native indexOf; escapes are checked only in a string that
 * has one (control characters were ruled out for the whole text).
 */
function stringEnd(s: string, i: number): number {
  let end = s.indexOf('"', i + 1);
  if (end < 0) return -1;
  hadEscape = false;
  if (nextSlash <= i) nextSlash = slashFrom(s, i + 1);
  while (nextSlash < end) {
    hadEscape = true;
    const j = nextSlash;
    const e = s.charCodeAt(j + 1);
    let after: number;
    if (e === 117 /* u */) {
      if (!isHex(s.charCodeAt(j + 2)) || !isHex(s.charCodeAt(j + 3)) || !isHex(s.charCodeAt(j + 4)) || !isHex(s.charCodeAt(j + 5))) return -1;
      after = j + 6;
    } else if (e === QUOTE || e === BACKSLASH || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
      after = j + 2;
    } else {
      return -1;
    }
    // an escaped quote was not the end
    if (after > end) {
      end = s.indexOf('"', after);
      if (end < 0) return -1;
    }
    nextSlash = slashFrom(s, after);
  }
  return end;
}

function slashFrom(s: string, i: number): number {
  const j = s.indexOf('\\', i);
  return j < 0 ? s.length : j;
}

/** The value of the string token from the quote at `start` to the quote at `end`, just scanned by stringEnd. */
function decodeString(s: string, start: number, end: number): string {
  return hadEscape ? (JSON.parse(s.slice(start, end + 1)) as string) : s.slice(start + 1, end);
}

/** The end of the JSON number token at `i`, or -1 when it is not one. */
function numberEnd(s: string, i: number): number {
  if (s.charCodeAt(i) === 45) i++;
  const first = s.charCodeAt(i);
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) while (isDigit(s.charCodeAt(i))) i++;
  else return -1;
  if (s.charCodeAt(i) === 46 /* . */) {
    i++;
    if (!isDigit(s.charCodeAt(i))) return -1;
    while (isDigit(s.charCodeAt(i))) i++;
  }
  const e = s.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    const sign = s.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    if (!isDigit(s.charCodeAt(i))) return -1;
    while (isDigit(s.charCodeAt(i))) i++;
  }
  return i;
}

function hasExponent(s: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 101 || c === 69) return true;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
