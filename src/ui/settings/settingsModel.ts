/**
 * The typed view of the `sentry.*` settings. Defaults live only in
 * package.json: VS Code returns them for unset keys, and a value of the wrong
 * type falls back to the declared default (`defaultOf`), never to a literal
 * here. Kept free of `vscode` (and of zod, so reading settings at activation
 * stays cheap) so it is unit-tested in plain Node.
 */
export interface CodeMapping {
  stackRoot: string;
  sourceRoot: string;
}

export interface SentrySettings {
  environment: string;
  release: string;
  ingestTimeoutSeconds: number;
  createIssueEndpoint: 'envelope' | 'store';
  scrubbingExtraKeys: string[];
  scrubbingExtraPatterns: string[];
  captureAutoStart: boolean;
  capturePort: number;
  captureHost: string;
  captureMaxEvents: number;
  captureMaxTraces: number;
  captureMaxLogs: number;
  captureProjects: string[];
  codeMappings: CodeMapping[];
  problemsEnabled: boolean;
  codeLensEnabled: boolean;
  apiBaseUrl: string;
  apiOrganization: string;
  apiProjects: string[];
  apiQuery: string;
  apiEnvironment: string;
  apiPollIntervalSeconds: number;
  apiMaxPages: number;
  apiNotifyNewIssues: boolean;
}

/** Reads one setting by its key under `sentry.` (e.g. `capture.port`). */
export interface ConfigSource {
  get(key: string): unknown;
  /** The default declared in package.json. */
  defaultOf(key: string): unknown;
}

type Check<T> = (v: unknown) => v is T;
const isString: Check<string> = (v): v is string => typeof v === 'string';
const isBool: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
const isNumber: Check<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrings: Check<string[]> = (v): v is string[] => Array.isArray(v) && v.every(isString);
const isMappings: Check<CodeMapping[]> = (v): v is CodeMapping[] =>
  Array.isArray(v) &&
  v.every((m) => typeof m === 'object' && m !== null && isString((m as CodeMapping).stackRoot) && isString((m as CodeMapping).sourceRoot));

/** Setting key (under `sentry.`) for each field; the packageJson test checks every one is declared. */
export const SETTING_KEYS: { readonly [K in keyof SentrySettings]: string } = {
  environment: 'environment',
  release: 'release',
  ingestTimeoutSeconds: 'ingest.timeoutSeconds',
  createIssueEndpoint: 'createIssue.endpoint',
  scrubbingExtraKeys: 'scrubbing.extraKeys',
  scrubbingExtraPatterns: 'scrubbing.extraPatterns',
  captureAutoStart: 'capture.autoStart',
  capturePort: 'capture.port',
  captureHost: 'capture.host',
  captureMaxEvents: 'capture.maxEvents',
  captureMaxTraces: 'capture.maxTraces',
  captureMaxLogs: 'capture.maxLogs',
  captureProjects: 'capture.projects',
  codeMappings: 'codeMappings',
  problemsEnabled: 'problems.enabled',
  codeLensEnabled: 'codeLens.enabled',
  apiBaseUrl: 'api.baseUrl',
  apiOrganization: 'api.organization',
  apiProjects: 'api.projects',
  apiQuery: 'api.query',
  apiEnvironment: 'api.environment',
  apiPollIntervalSeconds: 'api.pollIntervalSeconds',
  apiMaxPages: 'api.maxPages',
  apiNotifyNewIssues: 'api.notifyNewIssues',
};

const CHECKS: { readonly [K in keyof SentrySettings]: Check<SentrySettings[K]> } = {
  environment: isString,
  release: isString,
  ingestTimeoutSeconds: isNumber,
  createIssueEndpoint: (v): v is 'envelope' | 'store' => v === 'envelope' || v === 'store',
  scrubbingExtraKeys: isStrings,
  scrubbingExtraPatterns: isStrings,
  captureAutoStart: isBool,
  capturePort: isNumber,
  captureHost: isString,
  captureMaxEvents: isNumber,
  captureMaxTraces: isNumber,
  captureMaxLogs: isNumber,
  captureProjects: isStrings,
  codeMappings: isMappings,
  problemsEnabled: isBool,
  codeLensEnabled: isBool,
  apiBaseUrl: isString,
  apiOrganization: isString,
  apiProjects: isStrings,
  apiQuery: isString,
  apiEnvironment: isString,
  apiPollIntervalSeconds: isNumber,
  apiMaxPages: isNumber,
  apiNotifyNewIssues: isBool,
};

/** Numeric floors and ceilings that package.json also declares (`minimum`/`maximum`); values outside are clamped. */
const RANGES: Partial<{ readonly [K in keyof SentrySettings]: [number, number] }> = {
  ingestTimeoutSeconds: [1, 300],
  capturePort: [0, 65535],
  captureMaxEvents: [1, 1_000_000],
  captureMaxTraces: [1, 100_000],
  captureMaxLogs: [1, 10_000_000],
  apiPollIntervalSeconds: [10, Number.MAX_SAFE_INTEGER],
  apiMaxPages: [1, 100],
};

/** One setting, checked: a value of the wrong type gives the package.json default. */
export function readSetting<K extends keyof SentrySettings>(src: ConfigSource, field: K): SentrySettings[K] {
  const key = SETTING_KEYS[field];
  const check = CHECKS[field];
  let value = src.get(key);
  if (!check(value)) {
    value = src.defaultOf(key);
    if (!check(value)) throw new Error(`package.json declares no valid default for sentry.${key}`);
  }
  const range = RANGES[field];
  if (range && typeof value === 'number') value = Math.min(range[1], Math.max(range[0], Math.round(value)));
  if (typeof value === 'string') value = value.trim();
  return value as SentrySettings[K];
}

/** All settings, checked. */
export function readSettings(src: ConfigSource): SentrySettings {
  const out = {} as Record<keyof SentrySettings, unknown>;
  for (const field of Object.keys(SETTING_KEYS) as (keyof SentrySettings)[]) out[field] = readSetting(src, field);
  return out as unknown as SentrySettings;
}

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i;

/** Whether the capture host keeps the listener on this machine. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.trim());
}
