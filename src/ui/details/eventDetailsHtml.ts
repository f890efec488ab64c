import { type ExceptionView, type FrameView, frameLocation, timestampOf, viewEvent } from '../../sentry/event/eventView';
import { timeOfDay } from '../../util/timeOfDay';
import { entryData } from '../../sentry/event/eventEntries';
import { escapeHtml as h } from '../webview/escapeHtml';
import { exceptionsRaisedFirst } from '../events/frameSegments';

/** What the page needs from the webview host: the CSP source, a fresh nonce and the URIs of its style and script. */
export interface DetailsPageOptions {
  cspSource: string;
  nonce: string;
  styleUri: string;
  scriptUri: string;
  /** For "received ... ago"-style text and whether a breadcrumb is of today; milliseconds since the epoch. */
  now?: number;
  /** The time zone times are shown in (IANA name); default: this machine's. */
  timeZone?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function json(v: unknown): string {
  try {
    return JSON.stringify(v, null, 2) ?? '';
  } catch {
    return String(v);
  }
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return json(v);
}

function kvTable(rows: Array<[string, unknown]>): string {
  if (!rows.length) return '<p class="empty">none</p>';
  const body = rows
    .map(([k, v]) => {
      const text = scalar(v);
      const cell = text.includes('\n') ? `<pre>${h(text)}</pre>` : h(text);
      return `<tr><th>${h(k)}</th><td>${cell}</td></tr>`;
    })
    .join('');
  return `<table class="kv">${body}</table>`;
}

function section(id: string, title: string, body: string, open = true): string {
  return `<details class="section" id="${h(id)}"${open ? ' open' : ''}><summary>${h(title)}</summary>${body}</details>`;
}

function contextLines(f: FrameView): string {
  if (f.contextLine === undefined) return '';
  const line = f.lineno ?? 0;
  const pre = f.preContext ?? [];
  const post = f.postContext ?? [];
  const rows: string[] = [];
  pre.forEach((t, i) => rows.push(`<tr><td class="ln">${line ? line - pre.length + i : ''}</td><td><code>${h(t)}</code></td></tr>`));
  rows.push(`<tr class="hit"><td class="ln">${line || ''}</td><td><code>${h(f.contextLine)}</code></td></tr>`);
  post.forEach((t, i) => rows.push(`<tr><td class="ln">${line ? line + 1 + i : ''}</td><td><code>${h(t)}</code></td></tr>`));
  return `<table class="context">${rows.join('')}</table>`;
}

/** Longest text shown for one variable; the rest is cut with its length said (the debugger shows it all, expandable). */
const MAX_VAR_TEXT = 1_000;

function frameVars(f: FrameView): string {
  const entries = f.vars ? Object.entries(f.vars) : [];
  if (!entries.length) return '';
  const rows = entries.slice(0, 200).map(([k, v]): [string, unknown] => {
    const text = scalar(v);
    return [k, text.length > MAX_VAR_TEXT ? `${text.slice(0, MAX_VAR_TEXT)}… (${text.length.toLocaleString('en-US')} characters)` : text];
  });
  const more = entries.length > rows.length ? `<p class="empty">${entries.length - rows.length} more not shown</p>` : '';
  return `<details class="vars"><summary>Variables (${entries.length})</summary>${kvTable(rows)}${more}</details>`;
}

function frameList(frames: FrameView[], exceptionIndex: number): string {
  if (!frames.length) return '<p class="empty">no stack trace</p>';
  const items: string[] = [];
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i]!;
    const cls = f.inApp === false ? 'frame lib' : 'frame app';
    items.push(
      `<li class="${cls}"><a href="#" class="frame-link" data-exception="${exceptionIndex}" data-frame="${i}">` +
        `<span class="fn">${h(f.function ?? '<anonymous>')}</span> <span class="loc">${h(frameLocation(f))}</span></a>` +
        `${f.inApp === false ? ' <span class="badge">library</span>' : ''}${contextLines(f)}${frameVars(f)}</li>`,
    );
  }
  return `<ol class="frames">${items.join('')}</ol>`;
}

function exceptionBlock(e: ExceptionView, index: number, isRaised: boolean): string {
  const head = `<h3 class="exc-type">${h(e.type ?? 'Error')}</h3>${e.value !== undefined ? `<p class="exc-value">${h(e.value)}</p>` : ''}`;
  const mech = e.mechanism ? `<p class="mech">mechanism: ${h(e.mechanism.type ?? '?')}${e.mechanism.handled === false ? ' (unhandled)' : ''}</p>` : '';
  return `<div class="exception">${isRaised ? '' : '<p class="cause">caused</p>'}${head}${mech}${frameList(e.frames, index)}</div>`;
}

/** A breadcrumb's time as local time of day (the date too when not today), the value as sent in its hover. */
function crumbTime(v: unknown, clock: { now: number; timeZone?: string }): string {
  const ms = timestampOf(v);
  if (ms === undefined) return h(scalar(v));
  return `<time title="${h(scalar(v))}">${h(timeOfDay(ms, clock))}</time>`;
}

function breadcrumbs(event: Obj, clock: { now: number; timeZone?: string }): string {
  const raw = entryData(event, 'breadcrumbs');
  const list = Array.isArray(raw) ? raw : isObj(raw) && Array.isArray(raw.values) ? raw.values : [];
  if (!list.length) return '<p class="empty">none</p>';
  const rows = list
    .filter(isObj)
    .slice(-200)
    .map((b) => {
      const msg = b.message != null && b.message !== '' ? scalar(b.message) : b.data != null ? json(b.data) : '';
      return `<tr><td>${crumbTime(b.timestamp, clock)}</td><td>${h(scalar(b.category ?? b.type))}</td><td>${h(scalar(b.level))}</td><td><pre>${h(msg)}</pre></td></tr>`;
    });
  return `<table class="crumbs"><tr><th>time</th><th>category</th><th>level</th><th>message</th></tr>${rows.join('')}</table>`;
}

function request(event: Obj): string {
  const r = entryData(event, 'request');
  if (!isObj(r)) return '<p class="empty">none</p>';
  const rows: Array<[string, unknown]> = [];
  for (const k of ['method', 'url', 'query_string', 'query', 'data', 'cookies', 'env', 'fragment', 'inferredContentType']) {
    if (r[k] !== undefined && r[k] !== null && r[k] !== '') rows.push([k, r[k]]);
  }
  const headers = Array.isArray(r.headers)
    ? r.headers.filter((x): x is unknown[] => Array.isArray(x) && x.length >= 2).map((x) => [String(x[0]), x[1]] as [string, unknown])
    : isObj(r.headers)
      ? Object.entries(r.headers)
      : [];
  return kvTable(rows) + (headers.length ? `<h4>Headers</h4>${kvTable(headers)}` : '');
}

function objectRows(v: unknown): Array<[string, unknown]> {
  return isObj(v) ? Object.entries(v) : [];
}

function contexts(event: Obj): string {
  const c = event.contexts;
  if (!isObj(c) || !Object.keys(c).length) return '<p class="empty">none</p>';
  return Object.entries(c)
    .map(([name, v]) => `<h4>${h(name)}</h4>${isObj(v) ? kvTable(Object.entries(v)) : `<pre>${h(scalar(v))}</pre>`}`)
    .join('');
}

/**
 * The event details page as one HTML string. Every piece of event text goes
 * through escapeHtml; the page loads only its own stylesheet and a nonce'd
 * script from the extension's media folder, under a CSP that allows nothing else.
 */
export function eventDetailsHtml(event: Obj, opts: DetailsPageOptions): string {
  const v = viewEvent(event);
  const csp = [
    `default-src 'none'`,
    `style-src ${opts.cspSource} 'nonce-${opts.nonce}'`,
    `script-src 'nonce-${opts.nonce}'`,
    `img-src ${opts.cspSource}`,
  ].join('; ');
  const meta: Array<[string, unknown]> = [];
  meta.push(['event id', v.eventId]);
  if (v.timestamp !== undefined) meta.push(['time', new Date(v.timestamp).toISOString()]);
  meta.push(['level', v.level]);
  if (v.platform) meta.push(['platform', v.platform]);
  if (v.environment) meta.push(['environment', v.environment]);
  if (v.release) meta.push(['release', v.release]);
  if (v.transaction) meta.push(['transaction', v.transaction]);
  if (v.fingerprint) meta.push(['fingerprint', v.fingerprint.join(' ')]);

  const chain = exceptionsRaisedFirst(v.exceptions)
    .map(({ exception, index }, i) => exceptionBlock(exception, index, i === 0))
    .join('');
  const stack = v.exceptions.length
    ? chain
    : v.messageFrames.length
      ? frameList(v.messageFrames, -1)
      : '<p class="empty">no exception or stack trace</p>';

  const user = entryData(event, 'user');
  const sdk = event.sdk;
  const extra = event.extra;
  const body = [
    `<header><h1 class="level-${h(v.level)}">${h(v.title)}</h1>`,
    v.culprit ? `<p class="culprit">${h(v.culprit)}</p>` : '',
    v.message !== undefined && v.message !== v.title ? `<pre class="message">${h(v.message)}</pre>` : '',
    `<button id="copy-json" type="button">Copy as JSON</button> <button id="debug-event" type="button" title="Replay this event in the debugger: its call stack, variables and breadcrumbs">Debug Event</button></header>`,
    kvTable(meta),
    section('exceptions', v.exceptions.length > 1 ? `Exceptions (${v.exceptions.length}, raised first)` : 'Stack trace', stack),
    section('tags', `Tags (${v.tags.length})`, kvTable(v.tags)),
    section('contexts', 'Contexts', contexts(event)),
    section('user', 'User', kvTable(objectRows(user))),
    section('request', 'Request', request(event)),
    section('breadcrumbs', 'Breadcrumbs', breadcrumbs(event, { now: opts.now ?? Date.now(), ...(opts.timeZone ? { timeZone: opts.timeZone } : {}) }), false),
    section('extra', 'Extra', isObj(extra) && Object.keys(extra).length ? kvTable(Object.entries(extra)) : '<p class="empty">none</p>', false),
    section('sdk', 'SDK', isObj(sdk) ? kvTable(objectRows(sdk).filter(([k]) => k === 'name' || k === 'version' || k === 'integrations' || k === 'packages')) : '<p class="empty">unknown</p>', false),
  ].join('\n');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${h(opts.styleUri)}">
<title>${h(v.title)}</title>
</head>
<body>
${body}
<script nonce="${h(opts.nonce)}" src="${h(opts.scriptUri)}"></script>
</body>
</html>`;
}
