import type { ApiHealth } from '../common/contracts';
import type { Level } from '../../sentry/event/eventView';

/**
 * The status-bar state machine, free of `vscode`: events in, one rendering
 * out. Precedence: a failure (send failed, port in use, API error, API
 * degraded) beats "N new", which beats "ready"; nothing configured at all is
 * "not configured". New errors outrank a send failure, though: they are news,
 * the failure is the answer to something the user did and saw. A send failure
 * stays in the tooltip; the item stops showing it after a successful send,
 * or SEND_FAILURE_SHOWN_MS after it happened (a `tick` says when that is).
 */

/** How long a failed send stays the status item's text (it stays in the tooltip). */
export const SEND_FAILURE_SHOWN_MS = 10 * 60_000;
export type ListenerStatus =
  | { state: 'stopped' }
  | { state: 'starting'; host: string; port: number }
  | { state: 'listening'; host: string; port: number }
  /** Another Sentry Lens window owns the port; this one follows the shared store. */
  | { state: 'follower'; host: string; port: number }
  /** Something else holds the port. */
  | { state: 'portInUse'; host: string; port: number; reason: string }
  | { state: 'failed'; reason: string };

export type LastSend =
  | { ok: true; at: number; eventId: string; target: string }
  | { ok: false; at: number; reason: string; target: string; expired?: boolean };

export interface StatusState {
  /** `host/project` of the stored DSN (never the key), or undefined when none is set. */
  dsn: string | undefined;
  listener: ListenerStatus;
  api: ApiHealth;
  lastSend: LastSend | undefined;
  newErrors: { count: number; highest: Level | undefined };
}

export type StatusEvent =
  | { type: 'dsn'; label: string | undefined }
  | { type: 'listener'; status: ListenerStatus }
  | { type: 'api'; health: ApiHealth }
  | { type: 'sent'; at: number; eventId: string; target: string }
  | { type: 'sendFailed'; at: number; reason: string; target: string }
  | { type: 'newErrors'; count: number; highest: Level | undefined }
  /** The clock moved: a send failure older than SEND_FAILURE_SHOWN_MS stops being the item's text. */
  | { type: 'tick'; now: number };

export type StatusKind =
  | 'notConfigured'
  | 'ready'
  | 'newErrors'
  | 'sendFailed'
  | 'portInUse'
  | 'captureFailed'
  | 'apiError'
  | 'apiDegraded';

export interface StatusView {
  kind: StatusKind;
  text: string;
  /** Markdown. */
  tooltip: string;
  /** A theme colour id for the item's background, or undefined for none. */
  background: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground' | undefined;
}

export function initialStatus(): StatusState {
  return { dsn: undefined, listener: { state: 'stopped' }, api: { state: 'off' }, lastSend: undefined, newErrors: { count: 0, highest: undefined } };
}

export function applyStatusEvent(s: StatusState, e: StatusEvent): StatusState {
  switch (e.type) {
    case 'dsn':
      // A failure to send to the old DSN says nothing about a new one.
      return e.label !== s.dsn && s.lastSend && !s.lastSend.ok ? { ...s, dsn: e.label, lastSend: undefined } : { ...s, dsn: e.label };
    case 'listener':
      return { ...s, listener: e.status };
    case 'api':
      return { ...s, api: e.health };
    case 'sent':
      return { ...s, lastSend: { ok: true, at: e.at, eventId: e.eventId, target: e.target } };
    case 'sendFailed':
      return { ...s, lastSend: { ok: false, at: e.at, reason: e.reason, target: e.target } };
    case 'newErrors':
      return { ...s, newErrors: { count: Math.max(0, Math.floor(e.count)), highest: e.count > 0 ? e.highest : undefined } };
    case 'tick':
      return s.lastSend && !s.lastSend.ok && !s.lastSend.expired && e.now - s.lastSend.at >= SEND_FAILURE_SHOWN_MS
        ? { ...s, lastSend: { ...s.lastSend, expired: true } }
        : s;
  }
}

/** Whether anything is configured: a DSN, the listener (running, following or trying), or the REST API. */
export function isConfigured(s: StatusState): boolean {
  return s.dsn !== undefined || s.listener.state !== 'stopped' || s.api.state !== 'off';
}

export function statusView(s: StatusState, formatTime: (ms: number) => string = defaultTime): StatusView {
  const tooltip = statusTooltip(s, formatTime);
  const view = (kind: StatusKind, text: string, background?: StatusView['background']): StatusView => ({ kind, text, tooltip, background });
  if (failureShown(s) && s.newErrors.count === 0) return view('sendFailed', '$(error) Sentry: send failed', 'statusBarItem.errorBackground');
  if (s.listener.state === 'portInUse') return view('portInUse', `$(warning) Sentry: port ${s.listener.port} in use`, 'statusBarItem.warningBackground');
  if (s.listener.state === 'failed') return view('captureFailed', '$(warning) Sentry: capture failed', 'statusBarItem.warningBackground');
  if (s.api.state === 'error') return view('apiError', '$(error) Sentry: API error', 'statusBarItem.errorBackground');
  if (s.api.state === 'degraded') return view('apiDegraded', '$(warning) Sentry: API degraded', 'statusBarItem.warningBackground');
  if (s.newErrors.count > 0) {
    const h = s.newErrors.highest;
    const bg = h === 'fatal' || h === 'error' ? 'statusBarItem.errorBackground' : h === 'warning' ? 'statusBarItem.warningBackground' : undefined;
    return view('newErrors', `$(bug) Sentry: ${s.newErrors.count} new`, bg);
  }
  if (!isConfigured(s)) return view('notConfigured', '$(circle-slash) Sentry: not configured');
  return view('ready', '$(check) Sentry: ready');
}

/** A failed send the item may still show: not followed by a good send, not expired. */
export function failureShown(s: StatusState): boolean {
  return s.lastSend !== undefined && !s.lastSend.ok && !s.lastSend.expired;
}

function statusTooltip(s: StatusState, formatTime: (ms: number) => string): string {
  const lines = ['**Sentry Lens**', ''];
  lines.push(`- DSN: ${s.dsn ? `\`${escapeCode(s.dsn)}\`` : 'not set'}`);
  lines.push(`- Listener: ${listenerText(s.listener)}`);
  lines.push(`- API: ${apiText(s.api, formatTime)}`);
  const ls = s.lastSend;
  lines.push(
    `- Last send: ${
      !ls
        ? 'none'
        : ls.ok
          ? `event \`${ls.eventId}\` to ${escapeMarkdown(ls.target)} at ${formatTime(ls.at)}`
          : `failed at ${formatTime(ls.at)} (${escapeMarkdown(ls.target)}): ${escapeMarkdown(ls.reason)}`
    }`,
  );
  if (s.newErrors.count > 0) lines.push(`- New errors: ${s.newErrors.count}${s.newErrors.highest ? ` (highest level: ${s.newErrors.highest})` : ''}`);
  return lines.join('\n');
}

function listenerText(l: ListenerStatus): string {
  switch (l.state) {
    case 'stopped':
      return 'stopped';
    case 'starting':
      return `starting on ${hostPort(l.host, l.port)}`;
    case 'listening':
      return `listening on ${hostPort(l.host, l.port)}`;
    case 'follower':
      return `another window captures on ${hostPort(l.host, l.port)}`;
    case 'portInUse':
      return `port ${l.port} in use: ${escapeMarkdown(l.reason)}`;
    case 'failed':
      return `failed: ${escapeMarkdown(l.reason)}`;
  }
}

function apiText(a: ApiHealth, formatTime: (ms: number) => string): string {
  switch (a.state) {
    case 'off':
      return 'off';
    case 'ok':
      return `ok (last poll ${formatTime(a.lastPollAt)})`;
    case 'degraded':
      return `degraded: ${escapeMarkdown(a.reason)}`;
    case 'error':
      return `error: ${escapeMarkdown(a.reason)}`;
    case 'paused':
      return 'paused (the Errors view is hidden)';
  }
}

function hostPort(host: string, port: number): string {
  return `\`${escapeCode(host.includes(':') ? `[${host}]` : host)}:${port}\``;
}

/** Escapes text for Markdown so reasons coming from servers cannot add links, images or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}

function defaultTime(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}
