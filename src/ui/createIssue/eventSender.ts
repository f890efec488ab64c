import type { IngestClient, IngestEndpoint } from '../../sentry/send/ingestClient';
import type { Dsn } from '../../sentry/send/dsn';
import { type SentryErrorKind, isSentryError, logDetailOf, userMessageOf } from '../../sentry/errors';
import type { Scrubber } from '../../sentry/scrub/scrub';
import { type Logger, tagged } from '../../util/logger';
import { type Result, fail } from '../../util/result';
import { dsnLabel } from '../secrets/dsnLabel';
import type { StatusEvent } from '../status/statusModel';

/** Why a send failed: Sentry's failure kinds, a wrong scrubbing setting, or something unexpected (in the log). */
export type SendFailureKind = SentryErrorKind | 'settings' | 'unexpected';

export type SendResult = { ok: true; value: { eventId: string } } | { ok: false; reason: string; kind: SendFailureKind };

export interface SendSettings {
  timeoutSeconds: number;
  /** `sentry.createIssue.endpoint`. */
  endpoint: IngestEndpoint;
  extraKeys: readonly string[];
  extraPatterns: readonly string[];
}

/**
 * Sends events with one IngestClient (it remembers rate limits between
 * sends), scrubbed with the settings' extra keys and patterns, and reports
 * each outcome to the status bar. The ingest client, undici and the scrubber
 * load on the first send.
 */
export class EventSender {
  private client: { key: number; value: IngestClient } | undefined;

  constructor(
    private readonly clientName: string,
    private readonly log: Logger,
    private readonly report: (e: StatusEvent) => void,
  ) {}

  /** The scrubber for the current settings, or the reason a pattern is not a valid regular expression. */
  async scrubber(settings: SendSettings): Promise<Result<Scrubber>> {
    const { createScrubber } = await import('../../sentry/scrub/scrub');
    const r = createScrubber({ extraKeys: settings.extraKeys, extraPatterns: settings.extraPatterns });
    return r.ok ? r : fail(`the setting sentry.scrubbing.extraPatterns is wrong: ${r.reason}`);
  }

  /** Sends one event; a failure comes back as the sentence to show (never a stack trace), and is logged with its cause. */
  async send(dsn: Dsn, event: object, settings: SendSettings): Promise<SendResult> {
    const target = dsnLabel(dsn);
    const scrub = await this.scrubber(settings);
    if (!scrub.ok) {
      this.report({ type: 'sendFailed', at: Date.now(), reason: scrub.reason, target });
      return { ok: false, reason: scrub.reason, kind: 'settings' };
    }
    try {
      const client = await this.clientFor(settings.timeoutSeconds);
      const { eventId } = await client.send(dsn, event, { scrubber: scrub.value, endpoint: settings.endpoint });
      this.report({ type: 'sent', at: Date.now(), eventId, target });
      return { ok: true, value: { eventId } };
    } catch (e) {
      const reason = userMessageOf(e);
      this.log.error(`send to ${target} failed: ${logDetailOf(e)}`);
      this.report({ type: 'sendFailed', at: Date.now(), reason, target });
      return { ok: false, reason, kind: isSentryError(e) ? e.kind : 'unexpected' };
    }
  }

  private async clientFor(timeoutSeconds: number): Promise<IngestClient> {
    if (this.client?.key === timeoutSeconds) return this.client.value;
    const { IngestClient } = await import('../../sentry/send/ingestClient');
    const ms = timeoutSeconds * 1000;
    const value = new IngestClient({
      clientName: this.clientName,
      timeouts: { connectMs: ms, headersMs: ms, bodyMs: ms },
      logger: tagged(this.log, 'ingest'),
    });
    this.client = { key: timeoutSeconds, value };
    return value;
  }
}
