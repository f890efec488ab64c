import type { ApiIssue } from '../../../src/api/apiIssue';

/** An unresolved error issue in project `p`, id `id`, with `over` replacing any field. */
export const issue = (id: string, over: Partial<ApiIssue> = {}): ApiIssue => ({
  id,
  shortId: `P-${id}`,
  title: `T${id}`,
  culprit: '',
  level: 'error',
  status: 'unresolved',
  count: 1,
  userCount: 0,
  lastSeen: '2026-01-01T00:00:00Z',
  project: { id: '1', slug: 'p' },
  ...over,
});
