import type { ApiIssueEntry } from '../common/contracts';

/** What "Open Event Details" can be given besides tree nodes: a captured event id, or an API issue (latest event). */
export type OpenEventTarget = { kind: 'capturedEvent'; eventId: string } | { kind: 'apiIssue'; issue: ApiIssueEntry };
