/**
 * The fake Sentry's data, built from the examples of Sentry's published API
 * description (`/work/shared/fixtures/api/example-*.json`): each seeded issue
 * is the example issue with its own id, short id, project, level, counts and
 * times; each latest event is the example event with the configured frames.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR } from './openApiValidator';

type Obj = Record<string, unknown>;

export interface FakeFrame {
  absPath: string;
  filename?: string;
  function?: string;
  module?: string;
  lineNo: number;
  colNo?: number;
  inApp?: boolean;
  /** `[[lineNo, text], ...]` around the line, as the REST API sends it. */
  context?: Array<[number, string]>;
}

export interface FakeProject {
  id: string;
  slug: string;
  name: string;
  platform?: string;
}

export interface FakeIssueSeed {
  title?: string;
  culprit?: string;
  level?: 'fatal' | 'error' | 'warning' | 'info' | 'debug';
  status?: 'resolved' | 'unresolved' | 'ignored';
  count?: number;
  project?: string;
  lastSeen?: string;
  /** Frames of this issue's latest event (outermost first); default: the server's `frames`. */
  frames?: FakeFrame[];
  exceptionType?: string;
  exceptionValue?: string;
  /** The environment its events come from (default `production`). */
  environment?: string;
}

export interface FakeIssue {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  status: 'resolved' | 'unresolved' | 'ignored';
  count: number;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  project: FakeProject;
  assignedTo: { type: 'user'; id: string; name: string; email: string } | null;
  frames: FakeFrame[];
  exceptionType: string;
  exceptionValue: string;
  eventId: string;
  environment: string;
}

export function readExample(name: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'api', name), 'utf8'));
}

const clone = <T>(v: T): T => structuredClone(v);

let templates: { listItem: Obj; detail: Obj; event: Obj; eventSummary: Obj } | undefined;
function tpl() {
  templates ??= {
    listItem: (readExample('example-list-org-issues.json') as Obj[])[0]!,
    detail: readExample('example-issue.json') as Obj,
    event: readExample('example-issue-event-latest.json') as Obj,
    eventSummary: (readExample('example-list-issue-events.json') as Obj[])[0]!,
  };
  return templates;
}

/** The example event's own in-app-less frames, used when no frames are configured. */
export function exampleFrames(): FakeFrame[] {
  const entries = tpl().event.entries as Obj[];
  const exc = entries.find((e) => e.type === 'exception')!.data as { values: Array<{ stacktrace: { frames: Obj[] } }> };
  return exc.values[0]!.stacktrace.frames.map((f) => ({
    absPath: String(f.absPath),
    filename: String(f.filename),
    function: f.function == null ? 'anonymous' : String(f.function),
    lineNo: Number(f.lineNo),
    colNo: Number(f.colNo),
    inApp: Boolean(f.inApp),
    context: f.context as Array<[number, string]>,
  }));
}

const LEVELS = ['error', 'fatal', 'warning', 'error', 'info'] as const;

export function makeIssue(n: number, seed: FakeIssueSeed, projects: FakeProject[], defaults: { frames: FakeFrame[]; baseTime: number }): FakeIssue {
  const project = projects.find((p) => p.slug === seed.project || p.id === seed.project) ?? projects[(n - 1) % projects.length]!;
  const exceptionType = seed.exceptionType ?? 'TypeError';
  const exceptionValue = seed.exceptionValue ?? `example failure number ${n}`;
  const lastSeen = seed.lastSeen ?? new Date(defaults.baseTime - n * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    id: String(1000 + n),
    shortId: `${project.slug.toUpperCase()}-${n.toString(36).toUpperCase()}`,
    title: seed.title ?? `${exceptionType}: ${exceptionValue}`,
    culprit: seed.culprit ?? `app in handler${n}`,
    level: seed.level ?? LEVELS[(n - 1) % LEVELS.length]!,
    status: seed.status ?? 'unresolved',
    count: seed.count ?? 10 * n,
    userCount: n,
    firstSeen: new Date(defaults.baseTime - 86_400_000 - n * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    lastSeen,
    project,
    assignedTo: null,
    frames: seed.frames ?? defaults.frames,
    exceptionType,
    exceptionValue,
    eventId: (n.toString(16).padStart(8, '0') + 'e'.repeat(24)).slice(0, 32),
    environment: seed.environment ?? 'production',
  };
}

function common(issue: FakeIssue, baseUrl: string, org: string): Obj {
  return {
    id: issue.id,
    shortId: issue.shortId,
    title: issue.title,
    culprit: issue.culprit,
    permalink: `${baseUrl}/organizations/${org}/issues/${issue.id}/`,
    level: issue.level,
    status: issue.status,
    substatus: issue.status === 'unresolved' ? 'ongoing' : issue.status === 'ignored' ? 'archived_forever' : null,
    statusDetails: {},
    platform: issue.project.platform ?? 'node',
    project: { id: issue.project.id, name: issue.project.name, slug: issue.project.slug, platform: issue.project.platform ?? 'node' },
    metadata: { type: issue.exceptionType, value: issue.exceptionValue, filename: issue.frames.at(-1)?.filename ?? issue.frames.at(-1)?.absPath ?? '' },
    assignedTo: issue.assignedTo,
    count: String(issue.count),
    userCount: issue.userCount,
    firstSeen: issue.firstSeen,
    lastSeen: issue.lastSeen,
    type: 'error',
    issueType: 'error',
    issueCategory: 'error',
    shareId: null,
  };
}

/** One row of `GET /organizations/{org}/issues/`. */
export function issueListItem(issue: FakeIssue, baseUrl: string, org: string): Obj {
  return { ...clone(tpl().listItem), ...common(issue, baseUrl, org) };
}

/** `GET /organizations/{org}/issues/{id}/`. */
export function issueDetail(issue: FakeIssue, baseUrl: string, org: string): Obj {
  return { ...clone(tpl().detail), ...common(issue, baseUrl, org) };
}

function restFrame(f: FakeFrame): Obj {
  return {
    function: f.function ?? null,
    errors: null,
    colNo: f.colNo ?? null,
    vars: null,
    package: null,
    absPath: f.absPath,
    inApp: f.inApp ?? true,
    lineNo: f.lineNo,
    module: f.module ?? null,
    filename: f.filename ?? f.absPath,
    platform: null,
    instructionAddr: null,
    context: f.context ?? [],
    symbolAddr: null,
    trust: null,
    symbol: null,
  };
}

/** `GET /organizations/{org}/issues/{id}/events/latest/`: the example event carrying this issue's frames. */
export function latestEvent(issue: FakeIssue): Obj {
  const ev = clone(tpl().event);
  const entries = (ev.entries as Obj[]).map((entry) => {
    if (entry.type !== 'exception') return entry;
    return {
      type: 'exception',
      data: {
        excOmitted: null,
        hasSystemFrames: issue.frames.some((f) => f.inApp === false),
        values: [
          {
            type: issue.exceptionType,
            value: issue.exceptionValue,
            module: null,
            threadId: null,
            mechanism: { type: 'generic', handled: false },
            rawStacktrace: null,
            stacktrace: { frames: issue.frames.map(restFrame), framesOmitted: null, registers: null, hasSystemFrames: true },
          },
        ],
      },
    };
  });
  return {
    ...ev,
    ...eventIdentity(issue),
    entries,
    tags: [
      { key: 'level', value: issue.level },
      { key: 'environment', value: issue.environment },
    ],
  };
}

/** The fields an issue's event shares between the full event and its list row. */
function eventIdentity(issue: FakeIssue): Obj {
  return {
    id: issue.eventId,
    eventID: issue.eventId,
    groupID: issue.id,
    projectID: issue.project.id,
    title: issue.title,
    culprit: issue.culprit,
    platform: issue.project.platform ?? 'node',
    dateCreated: issue.lastSeen,
    metadata: { type: issue.exceptionType, value: issue.exceptionValue },
  };
}

/** One row of `GET /organizations/{org}/issues/{id}/events/`. */
export function eventSummary(issue: FakeIssue): Obj {
  return {
    ...clone(tpl().eventSummary),
    ...eventIdentity(issue),
    location: issue.frames.at(-1) ? `${issue.frames.at(-1)!.filename ?? issue.frames.at(-1)!.absPath}:${issue.frames.at(-1)!.lineNo}` : null,
  };
}
