import type { FieldValue } from './keys';
import { type EventFields, type EventView, type FrameView, eventFields, tagsOf, viewEvent } from '../event/eventView';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the issue an event belongs to says about it (firstSeen, lastSeen, timesSeen). */
export interface EventIssueStats {
  firstSeen: number;
  lastSeen: number;
  count: number;
}

export interface SearchableEventOptions {
  /** The full view, when the caller keeps one (so it is built once). */
  view?: () => EventView;
  /** Its issue's figures; read only by queries that name firstSeen, lastSeen or timesSeen. */
  issue?: (() => EventIssueStats | undefined) | undefined;
  /** When it was received (for `timestamp` when the event has none). */
  receivedAt?: number;
}

/**
 * An event as the event key table (eventKeys.ts) reads it: each field is
 * derived on first read and kept, so a record evaluated against many
 * queries (the tree's filter, the benchmark) walks its event once per field,
 * and a query that names only cheap fields (level, environment, tags) never
 * builds the full view. `resolved` is the local state `is:` reads and
 * `issueStats` its issue's figures; a caller that knows them sets them
 * before testing.
 */
export class SearchableEvent {
  resolved = false;
  /** What keys read, by key name (see KeyTable.memo). */
  readonly memo = new Map<string, FieldValue>();
  issueStats: (() => EventIssueStats | undefined) | undefined;
  #fields: EventFields | undefined;
  #view: EventView | undefined;
  #tags: Map<string, string[]> | undefined;
  #frames: FrameView[] | undefined;
  #text: string | undefined;
  #contexts: Map<string, Obj> | undefined;

  constructor(
    private readonly source: { readonly event: Obj },
    private readonly opts: SearchableEventOptions = {},
  ) {
    this.issueStats = opts.issue;
  }

  get raw(): Obj {
    return this.source.event;
  }

  get receivedAt(): number | undefined {
    return this.opts.receivedAt;
  }

  /** level, platform, environment, release, timestamp: read without the full view. */
  get fields(): EventFields {
    if (this.#fields) return this.#fields;
    if (this.#view) {
      const v = this.#view;
      return (this.#fields = { level: v.level, platform: v.platform, environment: v.environment, release: v.release, timestamp: v.timestamp });
    }
    return (this.#fields = eventFields(this.raw));
  }

  get view(): EventView {
    return (this.#view ??= this.opts.view ? this.opts.view() : viewEvent(this.raw));
  }

  /** Tag values by key, case-insensitively (a key may repeat). */
  tag(key: string): readonly string[] | undefined {
    return this.tagLower(key.toLowerCase());
  }

  /** `tag` for a key already in lower case (compiled queries lower-case it once). */
  tagLower(key: string): readonly string[] | undefined {
    if (!this.#tags) {
      this.#tags = new Map();
      for (const [k, v] of this.#view ? this.#view.tags : tagsOf(this.raw)) {
        const lk = k.toLowerCase();
        const list = this.#tags.get(lk);
        if (list) list.push(v);
        else this.#tags.set(lk, [v]);
      }
    }
    return this.#tags.get(key);
  }

  tagKeys(): string[] {
    this.tagLower('');
    return [...this.#tags!.keys()];
  }

  /** Every frame of every exception, and of the message's stack trace. */
  get frames(): readonly FrameView[] {
    if (!this.#frames) {
      const v = this.view;
      this.#frames = [...v.exceptions.flatMap((e) => e.frames), ...v.messageFrames];
    }
    return this.#frames;
  }

  /** Title, message and culprit, for free text. */
  get text(): string {
    if (this.#text === undefined) {
      const v = this.view;
      this.#text = `${v.title}\n${v.message ?? ''}\n${v.culprit}`;
    }
    return this.#text;
  }

  /** A context by name, case-insensitively (`contexts.<name>`). */
  context(name: string): Obj | undefined {
    return this.contextLower(name.toLowerCase());
  }

  /** `context` for a name already in lower case. */
  contextLower(name: string): Obj | undefined {
    if (!this.#contexts) {
      this.#contexts = new Map();
      const c = this.raw.contexts;
      if (isObj(c)) for (const [k, v] of Object.entries(c)) if (isObj(v)) this.#contexts.set(k.toLowerCase(), v);
    }
    return this.#contexts.get(name);
  }

  contextNames(): string[] {
    this.contextLower('');
    return [...this.#contexts!.keys()];
  }

  issue(): EventIssueStats | undefined {
    return this.issueStats?.();
  }
}

/** A scalar as text (numbers and booleans too); objects and lists give their scalars. */
export function scalarsOf(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
  else if (Array.isArray(v)) for (const x of v) scalarsOf(x, out);
  return out;
}

/** The value at a dotted path inside an object: `card.brand`, or a field whose own name has dots (`os.version` under a context). */
export function pathIn(o: Obj, path: string): unknown {
  if (Object.hasOwn(o, path)) return o[path];
  const lower = path.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  for (let i = dot; i >= 0; i = path.indexOf('.', i + 1)) {
    const head = path.slice(0, i);
    const child = o[head] ?? o[Object.keys(o).find((k) => k.toLowerCase() === head.toLowerCase()) ?? ''];
    if (isObj(child)) {
      const found = pathIn(child, path.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
