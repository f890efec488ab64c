import type { CliIo, ExitCode } from './io';
import { commandPrelude } from './commandPrelude';
import { parseDsn, eventWebUrl } from '../sentry/send/dsn';
import { type EventInput, parseExtraPairs, parseLevel, parsePlatform, parseTags, parseUserPairs } from '../sentry/send/eventBuilder';
import type { EventTemplate } from '../sentry/send/eventTemplate';
import { buildTemplatePayload, templateById } from '../sentry/send/templates';
import { isTransactionPayload } from '../sentry/send/transactionBuilder';
import type { Logger } from '../util/logger';

// Option names follow sentry-cli's send-event where the two overlap.
const FLAGS = {
  dsn: { kind: 'string', valueName: 'DSN', help: 'where to send (default: $SENTRY_DSN)' },
  message: { kind: 'list', short: 'm', valueName: 'MESSAGE', help: "the event message; repeat for more lines (required without --template; a transaction's name)" },
  template: {
    kind: 'string',
    valueName: 'NAME',
    help: 'send a template: exception, validation, context, message, or performance (a transaction with child spans, one of them a slow DB query)',
  },
  level: { kind: 'string', short: 'l', valueName: 'LEVEL', help: 'fatal, error, warning, info or debug (default: error)' },
  env: { kind: 'string', short: 'E', valueName: 'ENV', help: 'the environment, e.g. production' },
  platform: { kind: 'string', short: 'p', valueName: 'PLATFORM', help: 'the platform, e.g. node or python (default: other)' },
  release: { kind: 'string', short: 'r', valueName: 'RELEASE', help: 'the release' },
  dist: { kind: 'string', short: 'd', valueName: 'DIST', help: 'the distribution of the release' },
  tag: { kind: 'list', short: 't', valueName: 'KEY:VALUE', help: 'a tag' },
  extra: { kind: 'list', short: 'e', valueName: 'KEY:VALUE', help: 'an extra field' },
  user: { kind: 'list', short: 'u', valueName: 'KEY:VALUE', help: 'a user field (id, email, username, ip_address...)' },
  fingerprint: { kind: 'list', short: 'f', valueName: 'FINGERPRINT', help: 'a fingerprint part' },
  org: { kind: 'string', valueName: 'SLUG', help: 'organization slug for the web link (default: $SENTRY_ORG)' },
  json: { kind: 'boolean', help: 'print {"event_id": ..., "url": ...} instead of the id' },
  timeout: { kind: 'string', valueName: 'SECONDS', help: 'connect and answer timeout (default: 15)' },
  endpoint: {
    kind: 'string',
    valueName: 'envelope|store',
    help: "the DSN's envelope endpoint (default) or its legacy store endpoint, /api/{project}/store/ (a transaction always goes as an envelope)",
  },
  'no-environ': { kind: 'boolean', help: 'accepted for sentry-cli compatibility: environment variables are never sent' },
  verbose: { kind: 'boolean', short: 'v', help: 'log the send to stderr' },
} as const;

const USAGE = `usage: sentry-lens send [--dsn DSN] -m MESSAGE [options]
       sentry-lens send [--dsn DSN] --template NAME [-m MESSAGE] [options]

Sends one event (or with --template performance, one transaction) to a
Sentry DSN and prints its event id. The event is
scrubbed first (passwords, tokens, card numbers... become "[Filtered]");
environment variables, host and user names are never attached.

options:
`;

const SDK_NAME = 'sentry-lens';

function stderrLogger(io: CliIo): Logger {
  const write = (level: string) => (m: string) => io.stderr(`${level} ${m}\n`);
  return { trace() {}, debug() {}, info: write('info'), warn: write('warn'), error: write('error') };
}

export async function sendCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const cmd = commandPrelude(argv, io, { name: 'send', flags: FLAGS, usage: USAGE });
  if ('exit' in cmd) return cmd.exit;
  const { flags, positionals, usageError, failed } = cmd;
  if (positionals.length > 0) return usageError(`unexpected argument "${positionals[0]}"`);

  const dsnText = flags.dsn ?? io.env.SENTRY_DSN;
  if (dsnText === undefined || dsnText.trim() === '') return usageError('no DSN: pass --dsn or set SENTRY_DSN');
  const dsn = parseDsn(dsnText);
  if (!dsn.ok) return usageError(`${dsn.reason}${flags.dsn === undefined ? ' (from SENTRY_DSN)' : ''}`);

  let template: EventTemplate | undefined;
  if (flags.template !== undefined) {
    const t = templateById(flags.template);
    if (!t.ok) return usageError(t.reason);
    template = t.value;
  }
  const message = flags.message.join('\n');
  if (message.trim() === '' && !template) return usageError('a message is required: pass -m MESSAGE (or --template NAME)');
  const built = template?.build() ?? {};
  const input: EventInput = { ...built, message: message.trim() !== '' ? message : (built.message ?? '') };
  if (built.exception && message.trim() !== '') input.exception = { ...built.exception, value: message };
  const noLevel = template?.hasLevel === false ? template.id : undefined;
  if (noLevel && flags.level !== undefined) return usageError(`the ${noLevel} template sends a transaction, which has no level: leave out -l`);
  if (noLevel && flags.fingerprint.length > 0) return usageError(`the ${noLevel} template sends a transaction, which has no fingerprint: leave out -f`);
  if (flags.level !== undefined) {
    const l = parseLevel(flags.level);
    if (!l.ok) return usageError(l.reason);
    input.level = l.value;
  }
  if (flags.platform !== undefined) {
    const p = parsePlatform(flags.platform);
    if (!p.ok) return usageError(p.reason);
    input.platform = p.value;
  }
  if (flags.env !== undefined) input.environment = flags.env;
  if (flags.release !== undefined) input.release = flags.release;
  if (flags.dist !== undefined) input.dist = flags.dist;
  const tags = parseTags(flags.tag);
  if (!tags.ok) return usageError(tags.reason);
  input.tags = { ...built.tags, ...tags.value };
  const extra = parseExtraPairs(flags.extra);
  if (!extra.ok) return usageError(extra.reason);
  input.extra = { ...built.extra, ...extra.value };
  const user = parseUserPairs(flags.user);
  if (!user.ok) return usageError(user.reason);
  input.user = user.value;
  if (flags.fingerprint.length > 0) input.fingerprint = flags.fingerprint;

  let timeoutMs = 15_000;
  if (flags.timeout !== undefined) {
    const s = Number(flags.timeout);
    if (!/^\d+(?:\.\d+)?$/.test(flags.timeout.trim()) || !(s > 0) || s > 3600) {
      return usageError(`the timeout "${flags.timeout}" must be a number of seconds from 0.1 to 3600`);
    }
    timeoutMs = Math.max(100, Math.round(s * 1000));
  }

  const endpoint = flags.endpoint ?? 'envelope';
  if (endpoint !== 'envelope' && endpoint !== 'store') return usageError(`--endpoint must be envelope or store, got "${flags.endpoint}"`);
  if (endpoint === 'store' && template?.hasLevel === false) return usageError(`the ${template.id} template sends a transaction, which the store endpoint does not take: leave out --endpoint store`);

  const version = io.env.SENTRY_LENS_VERSION ?? '0.1.0';
  const event = buildTemplatePayload(template ?? {}, input, { sdkName: SDK_NAME, sdkVersion: version });
  const { IngestClient } = await import('../sentry/send/ingestClient');
  const client = new IngestClient({
    clientName: `${SDK_NAME}/${version}`,
    timeouts: { connectMs: timeoutMs, headersMs: timeoutMs, bodyMs: timeoutMs },
    ...(flags.verbose ? { logger: stderrLogger(io) } : {}),
  });
  try {
    const { eventId } = await client.send(dsn.value, event, { endpoint, ...(io.signal ? { signal: io.signal } : {}) });
    const orgSlug = flags.org ?? io.env.SENTRY_ORG;
    const url = isTransactionPayload(event) ? undefined : eventWebUrl(dsn.value, eventId, orgSlug ? { orgSlug } : {});
    io.stdout(flags.json ? `${JSON.stringify({ event_id: eventId, url: url ?? null })}\n` : `${eventId}\n`);
    return 0;
  } catch (e) {
    return failed(e);
  } finally {
    await client.close();
  }
}
