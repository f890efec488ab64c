import type { IncomingMessage, ServerResponse } from 'node:http';
import { type SplitEnvelope, splitEnvelope } from '../../sentry/envelope/envelopeSplit';
import type { Disposable } from '../../util/emitter';

/** The SSE event name of every message: the envelope content type, as Spotlight's sidecar names it. */
export const ENVELOPE_CONTENT_TYPE = 'application/x-sentry-envelope';

export interface StreamFeedOptions {
  /** The event scrubber: every payload is scrubbed before it is sent. */
  scrub: <T>(v: T) => T;
  /** Envelopes kept for readers that attach later (Spotlight's sidecar keeps 500). */
  keep?: number;
  /** ...and at most this many bytes of them. */
  keepBytes?: number;
}

interface Kept {
  id: number;
  body: Uint8Array;
}

/**
 * `GET /stream`: the envelopes the listener accepted, as server-sent events
 * in the format of Spotlight's sidecar, so that `spotlight tail` and
 * Spotlight's UI can attach: each message is named `application/x-sentry-envelope`,
 * its data the envelope as JSON (`[headers, [[itemHeaders, payload], ...]]`,
 * see envelopeSplit.ts), its id a sequence number. A reader gets the
 * envelopes kept (the last `keep`) and then each new one; with
 * `Last-Event-ID` only those after it. Envelopes are decoded and scrubbed
 * only when someone reads them.
 */
export class StreamFeed implements Disposable {
  private readonly kept: Kept[] = [];
  private keptBytes = 0;
  private nextId = 1;
  private readonly readers = new Set<ServerResponse>();
  private readonly keep: number;
  private readonly keepBytes: number;

  constructor(private readonly opts: StreamFeedOptions) {
    this.keep = opts.keep ?? 500;
    this.keepBytes = opts.keepBytes ?? 8 * 1024 * 1024;
  }

  get readerCount(): number {
    return this.readers.size;
  }

  /** An accepted envelope (its decoded body bytes). */
  publish(body: Uint8Array): void {
    const k: Kept = { id: this.nextId++, body };
    if (body.byteLength <= this.keepBytes) {
      this.kept.push(k);
      this.keptBytes += body.byteLength;
      while (this.kept.length > this.keep || this.keptBytes > this.keepBytes) this.keptBytes -= this.kept.shift()!.body.byteLength;
    }
    if (!this.readers.size) return;
    const message = this.message(k);
    if (message === undefined) return;
    for (const res of this.readers) res.write(message);
  }

  attach(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    res.write('\n');
    const last = Number(req.headers['last-event-id']);
    for (const k of this.kept) {
      if (Number.isInteger(last) && k.id <= last) continue;
      const m = this.message(k);
      if (m !== undefined) res.write(m);
    }
    this.readers.add(res);
    // (Not the request's 'close': that fires once the request is read, which for a GET is at once.)
    res.on('close', () => this.readers.delete(res));
  }

  dispose(): void {
    for (const res of this.readers) res.end();
    this.readers.clear();
    this.kept.length = 0;
    this.keptBytes = 0;
  }

  private message(k: Kept): string | undefined {
    const split = splitEnvelope(k.body);
    if (!split) return undefined;
    const [headers, items] = split;
    const scrubbed: SplitEnvelope = [this.opts.scrub(headers), items.map(([h, p]) => [h, this.opts.scrub(p)])];
    // JSON text has no raw newline, so the data is one `data:` line.
    return `event: ${ENVELOPE_CONTENT_TYPE}\ndata: ${JSON.stringify(scrubbed)}\nid: ${k.id}\n\n`;
  }
}
