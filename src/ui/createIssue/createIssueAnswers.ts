import { type EventInput, parseExtraJson, parsePlatform, parseTags } from '../../sentry/send/eventBuilder';
import type { EventTemplate } from '../../sentry/send/eventTemplate';
import { TEMPLATE_IDS } from '../../sentry/send/templates';
import { type Level, LEVELS } from '../../sentry/event/eventView';
import { type Scrubber, defaultScrubber } from '../../sentry/scrub/scrub';
import { type Result, fail, ok } from '../../util/result';

/**
 * What a person typed into "Sentry: Create Issue", checked, and merged with
 * the chosen template into the event input. Pure (no `vscode`): every
 * validator returns the sentence the input box shows, or undefined when the
 * text is fine.
 */
export interface CreateIssueAnswers {
  templateId: EventTemplate['id'];
  message: string;
  level: Level;
  environment: string;
  platform: string;
  /** As typed: comma-separated `key:value`. */
  tags: string;
  /** As typed: a JSON object or empty. */
  extra: string;
}

const MAX_MESSAGE = 8192;

export function validateMessage(text: string): string | undefined {
  if (text.trim() === '') return 'A message is required';
  if (text.length > MAX_MESSAGE) return `The message is ${text.length} characters long; Sentry keeps at most ${MAX_MESSAGE}`;
  return undefined;
}

/** Sentry's rule for environment names: one line, no "/", at most 64 characters; empty means none. */
export function validateEnvironment(text: string): string | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  if (s.length > 64) return `The environment is ${s.length} characters long; Sentry allows at most 64`;
  if (/[\r\n\f\x0b/]/.test(s)) return 'The environment may not contain "/" or line breaks';
  if (s === '.' || s === '..' || s === 'none') return `"${s}" is not a valid environment name`;
  return undefined;
}

export function validatePlatform(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  const r = parsePlatform(text);
  return r.ok ? undefined : capitalise(r.reason);
}

/** Comma-separated `key:value` tags (may be empty). */
export function parseTagLine(text: string): Result<Record<string, string>> {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return parseTags(items);
}

export function validateTags(text: string): string | undefined {
  const r = parseTagLine(text);
  return r.ok ? undefined : capitalise(r.reason);
}

export function validateExtra(text: string): string | undefined {
  const r = parseExtraJson(text);
  return r.ok ? undefined : capitalise(r.reason);
}

/**
 * The answers as they may be remembered (globalState is a file on disk, in
 * the clear): message, tags and extra scrubbed as the event is, so a password
 * typed into extra comes back as "[Filtered]", never as itself.
 */
export function answersToRemember<T extends Partial<CreateIssueAnswers>>(answers: T, scrubber: Scrubber = defaultScrubber): T {
  const out: T = { ...answers };
  if (answers.message !== undefined) out.message = scrubber({ message: answers.message }).message;
  if (answers.tags !== undefined) {
    const tags = parseTagLine(answers.tags);
    out.tags = tags.ok
      ? Object.entries(scrubber(tags.value))
          .map(([k, v]) => `${k}:${v}`)
          .join(', ')
      : '';
  }
  if (answers.extra !== undefined) {
    const extra = parseExtraJson(answers.extra);
    out.extra = !extra.ok ? '' : Object.keys(extra.value).length === 0 ? answers.extra : JSON.stringify(scrubber(extra.value));
  }
  return out;
}

/**
 * Remembered answers from globalState, checked field by field: anything odd
 * is dropped, never trusted; what an earlier version remembered unscrubbed is
 * scrubbed before it is shown again.
 */
export function sanitizeLastAnswers(value: unknown, scrubber: Scrubber = defaultScrubber): Partial<CreateIssueAnswers> {
  return answersToRemember(checkLastAnswers(value), scrubber);
}

function checkLastAnswers(value: unknown): Partial<CreateIssueAnswers> {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as Record<string, unknown>;
  const out: Partial<CreateIssueAnswers> = {};
  const str = (k: keyof CreateIssueAnswers) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const templateId = str('templateId');
  if (templateId && (TEMPLATE_IDS as readonly string[]).includes(templateId)) out.templateId = templateId as CreateIssueAnswers['templateId'];
  const message = str('message');
  if (message !== undefined && validateMessage(message) === undefined) out.message = message;
  const level = str('level');
  if (level && (LEVELS as readonly string[]).includes(level)) out.level = level as Level;
  const environment = str('environment');
  if (environment !== undefined && validateEnvironment(environment) === undefined) out.environment = environment;
  const platform = str('platform');
  if (platform !== undefined && validatePlatform(platform) === undefined) out.platform = platform;
  const tags = str('tags');
  if (tags !== undefined && validateTags(tags) === undefined) out.tags = tags;
  const extra = str('extra');
  if (extra !== undefined && validateExtra(extra) === undefined) out.extra = extra;
  return out;
}

/**
 * The first value of each form field: the last answer when the same template is used again, else the template's or the setting's.
 * The platform follows the source the template was built from (the exception template's file: checkout.js is node, whatever was
 * typed last time), else the last answer.
 */
export function initialAnswers(
  template: Pick<EventTemplate, 'id'>,
  built: Partial<EventInput>,
  last: Partial<CreateIssueAnswers>,
  defaults: { environment: string },
): Omit<CreateIssueAnswers, 'templateId'> {
  const same = last.templateId === template.id;
  return {
    message: (same ? last.message : undefined) ?? built.message ?? '',
    level: (same ? last.level : undefined) ?? built.level ?? last.level ?? 'error',
    environment: last.environment ?? defaults.environment,
    platform: (built.platform && built.platform !== 'other' ? built.platform : undefined) ?? last.platform ?? 'node',
    tags: last.tags ?? '',
    extra: last.extra ?? '',
  };
}

/** Merges the template with the answers into the event input; a mistake the validators missed becomes the reason. */
export function toEventInput(built: Partial<EventInput>, answers: CreateIssueAnswers, settings: { release: string }): Result<EventInput> {
  const messageProblem = validateMessage(answers.message);
  if (messageProblem) return fail(messageProblem);
  const envProblem = validateEnvironment(answers.environment);
  if (envProblem) return fail(envProblem);
  const platform = answers.platform.trim() === '' ? undefined : parsePlatform(answers.platform);
  if (platform && !platform.ok) return platform;
  const tags = parseTagLine(answers.tags);
  if (!tags.ok) return tags;
  const extra = parseExtraJson(answers.extra);
  if (!extra.ok) return extra;
  const input: EventInput = { ...built, message: answers.message.trim(), level: answers.level };
  if (built.exception) input.exception = { ...built.exception, value: answers.message.trim() };
  const env = answers.environment.trim();
  if (env) input.environment = env;
  else delete input.environment;
  input.platform = platform?.value ?? 'node';
  const mergedTags = { ...built.tags, ...tags.value };
  if (Object.keys(mergedTags).length > 0) input.tags = mergedTags;
  const mergedExtra = { ...built.extra, ...extra.value };
  if (Object.keys(mergedExtra).length > 0) input.extra = mergedExtra;
  if (settings.release.trim()) input.release = settings.release.trim();
  return ok(input);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
