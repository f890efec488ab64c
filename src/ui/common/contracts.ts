import type * as vscode from 'vscode';
import type { EventStoreApi } from '../../capture/kinds/events/storedEvent';
import type { Level } from '../../sentry/event/eventView';

/**
 * The seams between the parts of the VS Code shell: the composition root
 * (extension.ts) builds the services and hands them to the views.
 */

/** An issue from the Sentry REST API, as the tree shows it (structurally a subset of the API client's ApiIssue). */
export interface ApiIssueEntry {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  count: number;
  userCount?: number;
  firstSeen: string;
  lastSeen: string;
  status: string;
  permalink?: string;
  project: { id: string; slug: string; name?: string };
}

export type ApiHealth =
  | { state: 'off' } // no token or organization
  | { state: 'ok'; lastPollAt: number }
  | { state: 'degraded'; reason: string; lastPollAt?: number }
  | { state: 'error'; reason: string }
  | { state: 'paused' };

/** What the views need from the REST API side. */
export interface ApiIssuesSource {
  readonly enabled: boolean;
  readonly issues: readonly ApiIssueEntry[];
  readonly health: ApiHealth;
  /** Fires with the ids of issues that were added, changed or removed (empty: everything). */
  readonly onDidChange: vscode.Event<{ changedIds: string[]; newIds: string[] }>;
  /** The latest event of an issue, in the REST API's shape (viewEvent() reads it). */
  latestEvent(issueId: string): Promise<Record<string, unknown>>;
  /** The views tell when the tree is visible so polling pauses while it is hidden. */
  setVisible(visible: boolean): void;
  refresh(): void;
}

/** What the views need from the rest of the shell. */
export interface ErrorViewDeps {
  log: vscode.LogOutputChannel;
  /** The captured-event store, opened on first use (shared by every window). */
  store(): Promise<EventStoreApi>;
  api: ApiIssuesSource;
  /** Tells the status bar how many errors are new since the tree was last looked at and the highest level among them. */
  reportNewErrors(count: number, highest: Level | undefined): void;
}

/** The argument the tree passes to item commands on API issue nodes. */
export interface ApiIssueNodeArg {
  kind: 'apiIssue';
  issue: ApiIssueEntry;
}
