import type { IncomingMessage, ServerResponse } from 'node:http';
import { frameLocation, topFrame, viewEvent } from '../../sentry/event/eventView';
import { HttpError, type Replies } from '../http/httpReplies';
import { HEALTH_SERVICE } from '../http/portOwner';
import { filterStored, parseQuery } from '../kinds/events/query';
import type { EventStoreApi, StoredEvent } from '../kinds/events/storedEvent';

/**
 * The listener's read routes, for scripts, the CLI and agents on this
 * machine: `GET /health`, `GET /errors?query=&limit=` (newest first, in
 * Sentry's search syntax), `GET /errors/latest`. Never CORS, and refused to
 * a web page (Sec-Fetch-Site), so a site the user visits cannot read them.
 */
export class ReadApi {
  constructor(
    private readonly store: EventStoreApi,
    private readonly replies: Replies,
    private readonly version: string,
    /** More counts for `/health` (traces, spans, logs). */
    private readonly moreCounts: () => Record<string, number> = () => ({}),
  ) {}

  health(res: ServerResponse): void {
    this.replies.send(res, 200, { status: 'ok', service: HEALTH_SERVICE, version: this.version, events: this.store.size, ...this.moreCounts() });
  }

  read(req: IncomingMessage, res: ServerResponse, url: URL, kind: 'errors' | 'latest'): void {
    req.resume();
    if (req.headers['sec-fetch-site'] === 'cross-site' || req.headers['sec-fetch-site'] === 'same-site') {
      throw new HttpError(403, 'the read routes are not available to web pages');
    }
    const store = this.store;
    if (kind === 'latest') {
      const [latest] = store.list({ limit: 1 });
      if (!latest) throw new HttpError(404, 'no events captured yet');
      return this.replies.send(res, 200, summarize(latest, store.isResolved(latest.groupKey)));
    }
    const limitText = url.searchParams.get('limit');
    const limit = limitText === null || limitText === '' ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, 'limit must be a whole number from 1 to 1000');
    const text = (url.searchParams.get('query') ?? '').trim();
    let list: StoredEvent[];
    if (text) {
      const q = parseQuery(text);
      if (!q.ok) throw new HttpError(400, `invalid query: ${q.reason}`);
      list = filterStored(store.list(), q.value, (k) => store.isResolved(k), limit);
    } else list = store.list({ limit });
    this.replies.send(res, 200, { count: list.length, errors: list.map((e) => summarize(e, store.isResolved(e.groupKey))) });
  }
}

function summarize(e: StoredEvent, resolved: boolean): Record<string, unknown> {
  const view = viewEvent(e.event);
  const top = topFrame(view);
  return {
    id: e.id,
    receivedAt: e.receivedAt,
    source: e.source,
    projectId: e.projectId ?? null,
    groupKey: e.groupKey,
    resolved,
    type: view.type,
    level: view.level,
    title: view.title,
    culprit: view.culprit,
    topFrame: top ? frameLocation(top) : null,
    event: e.event,
  };
}
