/**
 * The syntax tree of a search query (see parser.ts). Positions are 0-based
 * offsets into the query text, `end` exclusive; messages show them 1-based.
 */

/** `key:value` is ':'; the others compare numbers, durations and dates: `key:>value`. */
export type SearchOp = ':' | '>' | '<' | '>=' | '<=';

/** A value as written, unquoted and unescaped. `wild` holds the offsets in `text` of the `*` that are wildcards (an escaped `\*` is not). */
export interface SearchValue {
  text: string;
  wild: readonly number[];
  quoted: boolean;
  start: number;
  end: number;
}

/** Free text: a word or a quoted phrase, matched anywhere in the record's text. */
export interface TextNode {
  type: 'text';
  negated: boolean;
  value: SearchValue;
  start: number;
  end: number;
}

/** `key:value`, `!key:value`, `key:[a, b]`, `key:>value`; `has:key` is a filter whose key is `has`. */
export interface FilterNode {
  type: 'filter';
  negated: boolean;
  key: string;
  keyStart: number;
  keyEnd: number;
  op: SearchOp;
  values: SearchValue[];
  /** Written as a `[list]`. */
  list: boolean;
  start: number;
  end: number;
}

export interface BoolNode {
  type: 'and' | 'or';
  items: SearchNode[];
  start: number;
  end: number;
}

export type SearchNode = TextNode | FilterNode | BoolNode;

export interface SearchAst {
  /** The query as given. */
  text: string;
  /** Undefined for an empty query (it matches everything). */
  root: SearchNode | undefined;
}

/** What to write instead of the failing span, when one thing is clearly meant (a key one slip away from a known one). */
export interface SearchFix {
  start: number;
  end: number;
  text: string;
}

/** A failure with the span of the query it is about (0-based, end exclusive); `reason` names the position 1-based. */
export type SearchResult<T> = { ok: true; value: T } | { ok: false; reason: string; start: number; end: number; fix?: SearchFix };

export function searchFail<T = never>(reason: string, start: number, end: number = start + 1, fix?: SearchFix): SearchResult<T> {
  return fix ? { ok: false, reason, start, end, fix } : { ok: false, reason, start, end };
}

/** "position N" (1-based) for messages. */
export function at(offset: number): string {
  return `position ${offset + 1}`;
}
