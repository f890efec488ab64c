import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { parseJsonObject } from '../envelope/envelopeParser';

/**
 * Sentry webhooks: the integration platform's (`Sentry-Hook-Resource`,
 * `Sentry-Hook-Signature` = hex HMAC-SHA256 of the raw body keyed with the
 * app's client secret) and the legacy per-project WebHooks plugin's (no
 * header, no signature; the event under `event`).
 *
 * What gets stored:
 * - `error` (error.created): `data.error`, a full event;
 * - `event_alert` (event_alert.triggered): `data.event`, a full event;
 * - `issue` with action `created`: a minimal event made from the issue
 *   summary (title as message, culprit, level, platform, project, link under
 *   `web_url` and `extra.sentry_issue`), with an id derived from the issue id
 *   so a redelivery replaces rather than duplicates; other issue actions
 *   (resolved, assigned, ignored, ...) describe no new occurrence and are only
 *   acknowledged;
 * - legacy plugin payloads: `event`;
 * - `installation`, `comment`, `metric_alert` and resources this code does not
 *   know: acknowledged, nothing stored.
 *
 * Verification: with a secret set, every request must carry a matching
 * signature (compared in constant time) or it is refused with 401 - this
 * includes legacy plugin payloads, which cannot be signed, so they are only
 * accepted while no secret is set. With a project filter, a payload naming
 * only other projects (by id or slug) is refused with 403; payloads that name
 * no project (installation) pass.
 */

export const KNOWN_RESOURCES = ['issue', 'event_alert', 'error', 'installation', 'comment', 'metric_alert'] as const;

export interface WebhookRequest {
  rawBody: Buffer;
  /** Lower-case header names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The integration's client secret; undefined or empty: signatures are not checked. */
  secret?: string | undefined;
  /** Project ids or slugs to accept; empty: all. */
  projects?: readonly string[];
  maxJsonDepth?: number;
}

export interface WebhookEvent {
  eventId: string;
  projectId?: string;
  event: Record<string, unknown>;
}

export interface AcceptedWebhook {
  /** The `Sentry-Hook-Resource`, or `legacy` for the plugin payload. */
  resource: string;
  action?: string;
  /** Project ids and slugs the payload names. */
  projects: string[];
  events: WebhookEvent[];
}

export type WebhookResult =
  | { ok: true; value: AcceptedWebhook }
  | { ok: false; status: 400 | 401 | 403; reason: string };

/** True when `signature` is the hex HMAC-SHA256 of `rawBody` under `secret` (constant-time comparison). */
export function verifyWebhookSignature(rawBody: Buffer, signature: string | undefined, secret: string): boolean {
  if (signature === undefined || !/^[0-9a-fA-F]{64}$/.test(signature.trim())) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(signature.trim(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const header = (h: WebhookRequest['headers'], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

const obj = z.record(z.string(), z.unknown());
const idLike = z.union([z.string(), z.number()]).transform((v) => String(v));

const envelopeSchema = z.looseObject({ action: z.string().optional(), data: z.looseObject({}).optional() });
const eventLikeSchema = z.looseObject({ event_id: z.string().optional(), id: z.string().optional(), project: idLike.optional(), url: z.string().optional() });
const issueSchema = z.looseObject({
  id: idLike,
  title: z.string().optional(),
  culprit: z.string().nullable().optional(),
  level: z.string().nullable().optional(),
  platform: z.string().nullable().optional(),
  shortId: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  permalink: z.string().nullable().optional(),
  firstSeen: z.string().nullable().optional(),
  lastSeen: z.string().nullable().optional(),
  count: idLike.nullable().optional(),
  userCount: z.number().nullable().optional(),
  metadata: obj.nullable().optional(),
  project: z.looseObject({ id: idLike.optional(), slug: z.string().optional(), name: z.string().optional() }).optional(),
});
const legacySchema = z.looseObject({
  id: idLike.optional(),
  project: idLike.optional(),
  project_slug: z.string().optional(),
  url: z.string().optional(),
  event: obj,
});

export function handleWebhook(req: WebhookRequest): WebhookResult {
  const resource = header(req.headers, 'sentry-hook-resource');
  if (req.secret) {
    const sig = header(req.headers, 'sentry-hook-signature');
    if (sig === undefined) {
      return { ok: false, status: 401, reason: 'missing Sentry-Hook-Signature header (a webhook client secret is set)' };
    }
    if (!verifyWebhookSignature(req.rawBody, sig, req.secret)) {
      return { ok: false, status: 401, reason: 'Sentry-Hook-Signature does not match the body (wrong client secret or altered body)' };
    }
  }
  const parsed = parseJsonObject(req.rawBody, req.maxJsonDepth ?? 128, 'webhook body');
  if (!parsed.ok) return { ok: false, status: 400, reason: parsed.reason };
  const body = parsed.value;

  let accepted: AcceptedWebhook;
  if (resource === undefined) {
    const legacy = legacySchema.safeParse(body);
    if (!legacy.success) {
      return { ok: false, status: 400, reason: 'missing Sentry-Hook-Resource header, and the body is not a legacy webhook payload (no "event" object)' };
    }
    const l = legacy.data;
    const projects = uniq([l.project, l.project_slug]);
    const eventId = eventIdOf(l.event) ?? hashId(`legacy:${JSON.stringify(l.event)}`);
    accepted = { resource: 'legacy', projects, events: [{ eventId, event: l.event, ...(projects[0] ? { projectId: projects[0] } : {}) }] };
  } else {
    const env = envelopeSchema.safeParse(body);
    if (!env.success) return { ok: false, status: 400, reason: `webhook body: ${env.error.issues[0]?.message ?? 'invalid'}` };
    const action = env.data.action;
    const data = (env.data.data ?? {}) as Record<string, unknown>;
    const base = { resource, ...(action !== undefined ? { action } : {}) };
    switch (resource) {
      case 'error':
      case 'event_alert': {
        const key = resource === 'error' ? 'error' : 'event';
        const raw = data[key];
        const ev = eventLikeSchema.safeParse(raw);
        if (!ev.success || !raw || typeof raw !== 'object') {
          return { ok: false, status: 400, reason: `${resource} webhook without a data.${key} object` };
        }
        const event = raw as Record<string, unknown>;
        const projects = uniq([ev.data.project, slugFromUrl(ev.data.url)]);
        const eventId = eventIdOf(event);
        if (!eventId) return { ok: false, status: 400, reason: `${resource} webhook: data.${key}.event_id is missing or not 32 hex digits` };
        accepted = { ...base, projects, events: [{ eventId, event, ...(projects[0] ? { projectId: projects[0] } : {}) }] };
        break;
      }
      case 'issue': {
        const iss = issueSchema.safeParse(data.issue);
        if (!iss.success) return { ok: false, status: 400, reason: `issue webhook: data.issue is invalid (${iss.error.issues[0]?.path.join('.')}: ${iss.error.issues[0]?.message})` };
        const i = iss.data;
        const projects = uniq([i.project?.id, i.project?.slug]);
        const events: WebhookEvent[] = [];
        if (action === 'created') {
          const event = issueSummaryEvent(i, action);
          events.push({ eventId: event.event_id as string, event, ...(projects[0] ? { projectId: projects[0] } : {}) });
        }
        accepted = { ...base, projects, events };
        break;
      }
      case 'comment':
        accepted = { ...base, projects: uniq([typeof data.project_slug === 'string' ? data.project_slug : undefined]), events: [] };
        break;
      case 'metric_alert': {
        const rule = (data.metric_alert as { alert_rule?: { projects?: unknown } } | undefined)?.alert_rule;
        const ps = Array.isArray(rule?.projects) ? rule.projects.filter((p): p is string => typeof p === 'string') : [];
        accepted = { ...base, projects: uniq(ps), events: [] };
        break;
      }
      default:
        accepted = { ...base, projects: [], events: [] };
    }
  }
  const filter = req.projects ?? [];
  if (filter.length && accepted.projects.length && !accepted.projects.some((p) => filter.includes(p))) {
    return { ok: false, status: 403, reason: `project ${accepted.projects.join('/')} is not among the accepted projects` };
  }
  return { ok: true, value: accepted };
}

function issueSummaryEvent(i: z.infer<typeof issueSchema>, action: string): Record<string, unknown> {
  const webUrl = i.permalink ?? undefined;
  const event: Record<string, unknown> = {
    event_id: hashId(`issue:${i.id}:${action}`),
    message: i.title ?? `Sentry issue ${i.shortId ?? i.id}`,
    level: i.level ?? 'error',
    culprit: i.culprit ?? '',
    platform: i.platform ?? 'other',
    timestamp: i.lastSeen ?? i.firstSeen ?? undefined,
    tags: [
      ...(i.shortId ? [['issue.short_id', i.shortId]] : []),
      ...(i.status ? [['issue.status', i.status]] : []),
    ],
    extra: {
      sentry_issue: {
        id: i.id,
        shortId: i.shortId ?? null,
        status: i.status ?? null,
        action,
        count: i.count ?? null,
        userCount: i.userCount ?? null,
        project: i.project ?? null,
        web_url: webUrl ?? null,
        metadata: i.metadata ?? null,
      },
    },
  };
  if (webUrl) event.web_url = webUrl;
  if (event.timestamp === undefined) delete event.timestamp;
  return event;
}

function eventIdOf(event: Record<string, unknown>): string | undefined {
  for (const k of ['event_id', 'eventID', 'id']) {
    const v = event[k];
    if (typeof v === 'string' && /^[0-9a-fA-F]{32}$|^[0-9a-fA-F-]{36}$/.test(v)) return v.replace(/-/g, '').toLowerCase();
  }
  return undefined;
}

function slugFromUrl(url: string | undefined): string | undefined {
  return url?.match(/\/projects\/[^/]+\/([^/]+)\//)?.[1];
}

function hashId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function uniq(xs: Array<string | undefined>): string[] {
  return [...new Set(xs.filter((x): x is string => typeof x === 'string' && x !== ''))];
}
