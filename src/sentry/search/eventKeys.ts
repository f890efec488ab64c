import { LEVELS } from '../event/eventView';
import { type Result, fail, ok } from '../../util/result';
import { type KeyDef, type KeyTable, type UnknownKey, closestKey } from './keys';
import { type SearchableEvent, pathIn, scalarsOf } from './searchableEvent';

/**
 * The keys of error events (SearchableEvent): Sentry's event and issue
 * search keys, tags (bare or as `tags[key]`) and contexts (as
 * `contexts.<name>.<field>` and `context.<name>.<field>`; a bare
 * `context.<name>` is the context itself: `has:context.payment`,
 * `context.payment:*`, or `context.payment:stripe` for any of its fields).
 */

type Def = KeyDef<SearchableEvent>;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const list = (...vs: Array<string | undefined>): string[] => vs.filter((v): v is string => v !== undefined && v !== '');
/** Legacy (raven) names of interfaces, as eventView.ts reads them too. */
const LEGACY: Record<string, string> = { user: 'sentry.interfaces.User', request: 'sentry.interfaces.Http' };
const obj = (e: SearchableEvent, k: string): Obj | undefined => {
  const v = e.raw[k] ?? (LEGACY[k] ? e.raw[LEGACY[k]] : undefined);
  return isObj(v) ? v : undefined;
};

const text = (doc: string, get: Def['get'], more: Partial<Def> = {}): Def => ({ type: 'text', get, doc, cost: 2, ...more });
const cheap = (doc: string, get: Def['get'], more: Partial<Def> = {}): Def => ({ type: 'text', get, doc, cost: 1, ...more });
const frameKey = (doc: string, pick: (f: SearchableEvent['frames'][number]) => string | undefined): Def => text(doc, (e) => list(...e.frames.map(pick)), { cost: 3 });
const exceptions = (e: SearchableEvent) => e.view.exceptions;
const primary = (e: SearchableEvent) => e.view.exceptions[e.view.exceptions.length - 1];
/** A field that SDKs put in a context and servers also copy into a tag (os.name, browser.name...). */
const contextOrTag = (context: string, field: string, doc: string): Def =>
  text(doc, (e) => {
    const c = e.context(context);
    return list(c ? str(pathIn(c, field)) : undefined, ...(e.tag(`${context}.${field}`) ?? []));
  });

const LEVEL_ALIASES: Record<string, string> = { warn: 'warning', critical: 'fatal', log: 'info' };

function levelValue(v: string): Result<string> {
  const l = v.toLowerCase();
  if ((LEVELS as readonly string[]).includes(l)) return ok(l);
  if (LEVEL_ALIASES[l]) return ok(LEVEL_ALIASES[l]);
  return fail(`unknown level "${v}": use one of ${LEVELS.join(', ')}`);
}

function isValue(v: string): Result<string> {
  const l = v.toLowerCase();
  if (l === 'resolved' || l === 'unresolved') return ok(l);
  return fail(`"is:${v}" is not supported here: use is:resolved or is:unresolved`);
}

export const EVENT_KEYS: Record<string, Def> = {
  message: text('the message and the title, anywhere in them', (e) => list(e.view.message, e.view.title), { contains: true }),
  title: text("the issue's title (type: value), anywhere in it", (e) => e.view.title, { contains: true }),
  culprit: text('where it happened (transaction, or module and function), anywhere in it', (e) => e.view.culprit, { contains: true }),
  level: cheap('fatal, error, warning, info or debug', (e) => e.fields.level, { value: levelValue }),
  environment: cheap('the environment', (e) => e.fields.environment),
  release: cheap('the release', (e) => e.fields.release),
  platform: cheap('the platform (node, python, javascript...)', (e) => e.fields.platform),
  transaction: cheap('the transaction name', (e) => str(e.raw.transaction)),
  'event.type': text('error, transaction, or the event type', (e) => e.view.type),
  id: cheap('the event id', (e) => e.view.eventId),
  'error.type': text('an exception type in the chain', (e) => list(...exceptions(e).map((x) => x.type))),
  'error.value': text('an exception message in the chain, anywhere in it', (e) => list(...exceptions(e).map((x) => x.value)), { contains: true }),
  'error.handled': { type: 'boolean', doc: 'whether the raised exception was handled', cost: 2, get: (e) => (primary(e) ? primary(e)!.mechanism?.handled ?? true : undefined) },
  'error.unhandled': { type: 'boolean', doc: 'whether the raised exception was unhandled', cost: 2, get: (e) => (primary(e) ? !(primary(e)!.mechanism?.handled ?? true) : undefined) },
  'error.mechanism': text('the mechanism that caught an exception (onuncaughtexception, generic...)', (e) => list(...exceptions(e).map((x) => x.mechanism?.type))),
  'stack.filename': frameKey('a frame file name', (f) => f.filename),
  'stack.function': frameKey('a frame function', (f) => f.function),
  'stack.module': frameKey('a frame module', (f) => f.module),
  'stack.abs_path': frameKey('a frame absolute path', (f) => f.absPath),
  'stack.package': frameKey('a frame package', (f) => f.package),
  user: text('the user (id, email, username or ip)', (e) => {
    const u = obj(e, 'user');
    return u ? list(str(u.id), str(u.email), str(u.username), str(u.ip_address)) : [];
  }),
  'user.id': cheap('the user id', (e) => str(obj(e, 'user')?.id)),
  'user.email': cheap('the user email', (e) => str(obj(e, 'user')?.email)),
  'user.username': cheap('the user name', (e) => str(obj(e, 'user')?.username)),
  'user.ip': cheap('the user IP address', (e) => str(obj(e, 'user')?.ip_address)),
  url: text('the request URL', (e) => list(str(obj(e, 'request')?.url), ...(e.tag('url') ?? []))),
  'http.method': text('the request method', (e) => list(str(obj(e, 'request')?.method), ...(e.tag('http.method') ?? []))),
  'sdk.name': cheap('the SDK name (sentry.javascript.node, sentry.python...)', (e) => str(obj(e, 'sdk')?.name)),
  'sdk.version': cheap('the SDK version', (e) => str(obj(e, 'sdk')?.version)),
  'os.name': contextOrTag('os', 'name', 'the operating system (context or tag)'),
  'browser.name': contextOrTag('browser', 'name', 'the browser (context or tag)'),
  'runtime.name': contextOrTag('runtime', 'name', 'the runtime (context or tag)'),
  trace: text('the trace id', (e) => str(e.context('trace')?.trace_id)),
  'trace.span': text('the span id', (e) => str(e.context('trace')?.span_id)),
  'trace.parent_span': text('the parent span id', (e) => str(e.context('trace')?.parent_span_id)),
  logger: cheap('the logger', (e) => list(str(e.raw.logger), ...(e.tag('logger') ?? []))),
  server_name: cheap('the server name', (e) => list(str(e.raw.server_name), ...(e.tag('server_name') ?? []))),
  dist: cheap('the distribution', (e) => list(str(e.raw.dist), ...(e.tag('dist') ?? []))),
  timestamp: { type: 'date', doc: 'when it happened: -24h, >2024-05-01', cost: 1, get: (e) => e.fields.timestamp ?? e.receivedAt },
  firstSeen: { type: 'date', doc: 'when its issue was first seen (not cached: it changes)', cost: 1, get: (e) => e.issue()?.firstSeen },
  lastSeen: { type: 'date', doc: 'when its issue was last seen (not cached: it changes)', cost: 1, get: (e) => e.issue()?.lastSeen },
  timesSeen: { type: 'number', doc: 'how many events its issue has (not cached: it changes)', cost: 1, get: (e) => e.issue()?.count },
  is: { type: 'text', doc: 'resolved or unresolved (the local state)', cost: 1, value: isValue, get: (e) => (e.resolved ? 'resolved' : 'unresolved') },
};

const ALIASES: Record<string, string> = {
  'event.id': 'id',
  event_id: 'id',
  env: 'environment',
  'error.message': 'error.value',
  'trace.id': 'trace',
  'user.ip_address': 'user.ip',
  'request.url': 'url',
  age: 'firstSeen',
  'event.timestamp': 'timestamp',
};

/** Namespaces whose keys are all above: anything else under them is a mistake, not a tag. */
const RESERVED = ['error.', 'stack.', 'user.', 'sdk.', 'event.', 'trace.'];
/** Context namespaces readable as `<name>.<field>` (Sentry's device.*, os.*...): the context's field, or the tag of that name. */
const CONTEXT_NAMESPACES = ['device', 'os', 'browser', 'runtime', 'app', 'gpu', 'culture', 'cloud_resource'];
const NAMES = [...Object.keys(EVENT_KEYS), ...Object.keys(ALIASES)];

function tagKey(key: string): Def {
  const lower = key.toLowerCase();
  return cheap(`the tag ${key}`, (e) => e.tagLower(lower));
}

function contextKey(contextName: string, field: string | undefined): Def {
  const name = contextName.toLowerCase();
  if (field === undefined) {
    return {
      type: 'text',
      cost: 2,
      doc: `the ${name} context (any of its fields)`,
      get: (e) => {
        const c = e.contextLower(name);
        return c ? Object.values(c).flatMap((v) => scalarsOf(v)) : undefined;
      },
      has: (e) => e.contextLower(name) !== undefined,
    };
  }
  return text(`${field} of the ${name} context`, (e) => {
    const c = e.contextLower(name);
    return c ? scalarsOf(pathIn(c, field)) : undefined;
  });
}

function resolveEventKey(key: string): Def | UnknownKey | undefined {
  const lower = key.toLowerCase();
  const tag = /^tags\[(.*)\]$/is.exec(key);
  if (tag) {
    const name = tag[1]!.trim();
    return name ? tagKey(name) : { unknown: '"tags[]" needs a tag name, e.g. tags[browser]:Chrome' };
  }
  const ctx = /^contexts?\.([^.]+)(?:\.(.+))?$/i.exec(key);
  if (ctx) return contextKey(ctx[1]!, ctx[2]);
  if (lower === 'context' || lower === 'contexts') return { unknown: `name the context: ${lower}.<name> or ${lower}.<name>.<field>, e.g. context.payment.provider` };
  if (lower === 'tags') return { unknown: 'name the tag: tags[name]:value' };
  const dot = lower.indexOf('.');
  if (dot > 0 && CONTEXT_NAMESPACES.includes(lower.slice(0, dot))) return contextOrTag(lower.slice(0, dot), key.slice(dot + 1), `${key.slice(dot + 1)} of the ${lower.slice(0, dot)} context (or the tag ${key})`);
  if (RESERVED.some((p) => lower.startsWith(p))) {
    const near = closestKey(key, NAMES);
    if (near) return { unknown: `did you mean ${near}?`, near };
    return { unknown: `the ${lower.slice(0, lower.indexOf('.'))}.* keys are ${NAMES.filter((n) => n.startsWith(lower.slice(0, lower.indexOf('.') + 1))).join(', ')}` };
  }
  const near = closestKey(key, NAMES);
  if (near) return { unknown: `did you mean ${near}? (for a tag of that name: tags[${key}]:value)`, near };
  return { ...tagKey(key), note: `"${key}" is not one of the event keys: read as the tag ${key} (write tags[${key}] to say so)` };
}

export const eventKeyTable: KeyTable<SearchableEvent> = {
  kind: 'events',
  keys: EVENT_KEYS,
  aliases: ALIASES,
  resolve: resolveEventKey,
  text: (e) => e.text,
  textCost: 2,
  memo: (e) => e.memo,
};
