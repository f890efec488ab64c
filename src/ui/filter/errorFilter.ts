import * as vscode from 'vscode';
import { type Query, type SearchableEvent, formatQuery, parseQuery } from '../../capture/kinds/events/query';
import { buildSuggestionIndex, suggest } from '../../sentry/search/suggest';
import { ContextKeys } from '../common/contextKeys';
import { pickFilter } from './filterPicker';

const STATE_KEY = 'sentry.errors.filter';
const RECENT_KEY = 'sentry.errors.recentFilters';
const MAX_RECENT = 10;
/** Events the suggestions learn keys and values from. */
const SUGGESTION_EVENTS = 500;
/** A kept query is compiled again after this long, so relative dates (-24h) follow the clock. */
const RECOMPILE_MS = 30_000;

/** The tree's filter in Sentry's search syntax, remembered per workspace with its recent queries. */
export class ErrorFilter implements vscode.Disposable {
  private text: string;
  private parsed: Query | undefined;
  private parsedAt = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    /** The newest captured events, for suggestions. */
    private readonly events: (limit: number) => SearchableEvent[] = () => [],
    private readonly now: () => number = Date.now,
  ) {
    this.text = state.get<string>(STATE_KEY, '') ?? '';
    const r = parseQuery(this.text, this.now());
    if (r.ok && this.text.trim()) {
      this.parsed = r.value;
      this.parsedAt = this.now();
    } else this.text = '';
    void vscode.commands.executeCommand('setContext', ContextKeys.filterActive, this.active);
  }

  get active(): boolean {
    return this.parsed !== undefined;
  }

  get query(): Query | undefined {
    if (this.parsed && this.now() - this.parsedAt > RECOMPILE_MS) {
      const r = parseQuery(this.text, this.now());
      if (r.ok) {
        this.parsed = r.value;
        this.parsedAt = this.now();
      }
    }
    return this.parsed;
  }

  /** For the view's description. */
  get description(): string | undefined {
    return this.parsed ? `Filter: ${formatQuery(this.parsed)}` : undefined;
  }

  /** For the view's message: the filter, and how it was read where that may surprise (a bare name read as a tag). */
  get message(): string | undefined {
    const notes = this.parsed?.notes.map((n) => n.message) ?? [];
    return notes.length ? `${this.description} · ${notes.join('; ')}` : this.description;
  }

  get recent(): readonly string[] {
    return this.state.get<string[]>(RECENT_KEY, []) ?? [];
  }

  async set(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed) return this.clear();
    const r = parseQuery(trimmed, this.now());
    if (!r.ok) throw new Error(r.reason);
    this.text = trimmed;
    this.parsed = r.value;
    this.parsedAt = this.now();
    await this.state.update(STATE_KEY, trimmed);
    await this.state.update(RECENT_KEY, [trimmed, ...this.recent.filter((q) => q !== trimmed)].slice(0, MAX_RECENT));
    await vscode.commands.executeCommand('setContext', ContextKeys.filterActive, true);
    this.changed.fire();
  }

  async clear(): Promise<void> {
    this.text = '';
    this.parsed = undefined;
    await this.state.update(STATE_KEY, undefined);
    await vscode.commands.executeCommand('setContext', ContextKeys.filterActive, false);
    this.changed.fire();
  }

  /** "Sentry: Filter Errors": the query, checked while typing, with keys and values from captured events. */
  async prompt(): Promise<void> {
    // The index is built once per prompt, from the newest events, not per keystroke.
    let index: ReturnType<typeof buildSuggestionIndex> | undefined;
    const value = await pickFilter({
      initial: this.text,
      active: this.active,
      recent: this.recent,
      validate: (v) => {
        if (!v.trim()) return undefined;
        const r = parseQuery(v, this.now());
        return r.ok ? undefined : r.reason;
      },
      note: (v) => {
        const r = v.trim() ? parseQuery(v, this.now()) : undefined;
        return r?.ok && r.value.notes.length ? r.value.notes.map((n) => n.message).join('; ') : undefined;
      },
      suggest: (v) => {
        const r = v.trim() ? parseQuery(v, this.now()) : undefined;
        const failure = r && !r.ok ? { start: r.start, end: r.end, ...(r.fix ? { fix: r.fix } : {}) } : undefined;
        return suggest(v, (index ??= buildSuggestionIndex(this.events(SUGGESTION_EVENTS))), failure ? { failure } : {});
      },
    });
    if (value === undefined) return;
    await this.set(value);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
