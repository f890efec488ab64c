import type { EventView } from '../../sentry/event/eventView';
import type { ApiIssueEntry } from '../common/contracts';

export interface ApiIssueEvent {
  issue: ApiIssueEntry;
  view: EventView;
}

/**
 * The latest event fetched for each REST API issue, for the places that mark
 * an issue's top frame (Problems, the editor's error lines): kept while the
 * issue is listed and unresolved, its entry refreshed from each new listing.
 */
export class LatestApiEvents {
  private readonly byIssue = new Map<string, ApiIssueEvent>();

  set(issue: ApiIssueEntry, view: EventView): void {
    this.byIssue.set(issue.id, { issue, view });
  }

  /** Keeps only the issues of this listing that are unresolved, with their listed entry. */
  retain(issues: readonly ApiIssueEntry[]): void {
    const live = new Map(issues.filter((i) => i.status === 'unresolved').map((i) => [i.id, i]));
    for (const [id, entry] of [...this.byIssue]) {
      const now = live.get(id);
      if (!now) this.byIssue.delete(id);
      else entry.issue = now;
    }
  }

  values(): IterableIterator<ApiIssueEvent> {
    return this.byIssue.values();
  }
}
