import * as vscode from 'vscode';
import type { IssuePoller, PollUpdate } from '../../api/poller';
import type { SentryApiClient } from '../../api/sentryApiClient';
import type { WindowRestApi } from '../../capture/worker/protocol';
import { restCallerFor } from './restCaller';
import type { RestTarget } from '../../mcp/data/restSource';
import type { Level } from '../../sentry/event/eventView';
import { logDetailOf } from '../../sentry/errors';
import { DisposableBase, DisposableStore } from '../../util/disposable';
import { type Logger, tagged } from '../../util/logger';
import { SerialQueue } from '../../util/serialQueue';
import { ContextKeys } from '../common/contextKeys';
import type { ApiHealth, ApiIssueEntry, ApiIssuesSource } from '../common/contracts';
import { SecretKeys } from '../secrets/secretKeys';
import { currentSettings } from '../settings/settings';
import type { SentrySettings } from '../settings/settingsModel';
import { apiHealthOf, highestLevel, newIssuesNotification, toEntry } from './apiHealthModel';

export interface ApiServiceDeps {
  secrets: vscode.SecretStorage;
  log: Logger;
  /** Health for the status bar. */
  onHealth(health: ApiHealth): void;
  /** Issues new since the tree was last looked at (count, highest level). */
  onNewIssues(count: number, highest: Level | undefined): void;
}

interface Session {
  key: string;
  org: string;
  projects: readonly string[];
  environment: string;
  baseUrl: string;
  client: SentryApiClient;
  poller: IssuePoller;
  /** The poller and its subscriptions: disposed together when the session ends. */
  subs: DisposableStore;
}

const SETTINGS_KEYS = ['api.baseUrl', 'api.organization', 'api.projects', 'api.query', 'api.environment', 'api.maxPages', 'api.pollIntervalSeconds'];

/**
 * The REST API side of the tree: a SentryApiClient and an IssuePoller built
 * from the `sentry.api.*` settings and the token in SecretStorage, rebuilt
 * when either changes. The client, undici and the zod schemas load when the
 * API is first enabled. Polling pauses while the tree is hidden and slows
 * down while the window is unfocused.
 */
export class ApiIssuesService extends DisposableBase implements ApiIssuesSource {
  private session: Session | undefined;
  private token: string | undefined;
  /** Until the views say otherwise the tree counts as visible, so polling never waits on a view that is not there. */
  private visible = true;
  private focused = vscode.window.state.focused;
  private currentHealth: ApiHealth = { state: 'off' };
  private unseen = new Map<string, Level>();
  private readonly changed = this._register(new vscode.EventEmitter<{ changedIds: string[]; newIds: string[] }>());
  readonly onDidChange = this.changed.event;
  private readonly restChanged = this._register(new vscode.EventEmitter<void>());
  /** The token or the API settings changed what restForListener gives (the tree's session was rebuilt or ended). */
  readonly onDidChangeRest = this.restChanged.event;
  private readonly log: Logger;
  private readonly configuring = new SerialQueue();
  private rejected: { hash: number; reason: string } | undefined;

  constructor(private readonly deps: ApiServiceDeps) {
    super();
    this.log = tagged(deps.log, 'api');
    this._register(
      deps.secrets.onDidChange((e) => {
        if (e.key === SecretKeys.authToken) void this.reconfigure();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (SETTINGS_KEYS.some((k) => e.affectsConfiguration(`sentry.${k}`))) void this.reconfigure();
      }),
    );
    this._register(
      vscode.window.onDidChangeWindowState((s) => {
        this.focused = s.focused;
        this.session?.poller.setFocused(s.focused);
      }),
    );
  }

  get enabled(): boolean {
    return this.session !== undefined;
  }

  get issues(): readonly ApiIssueEntry[] {
    return this.session ? this.session.poller.issues.map(toEntry) : [];
  }

  get health(): ApiHealth {
    return this.currentHealth;
  }

  /** The organization and base URL in use (for links), when enabled. */
  get target(): { org: string; baseUrl: string } | undefined {
    return this.session ? { org: this.session.org, baseUrl: this.session.baseUrl } : undefined;
  }

  get client(): SentryApiClient | undefined {
    return this.session?.client;
  }

  /** What the agents' search_issues and get_issue read: the client with the organization, projects and environment of the settings. */
  get restTarget(): RestTarget | undefined {
    const s = this.session;
    return s ? { api: s.client, org: s.org, projects: s.projects, ...(s.environment ? { environment: s.environment } : {}) } : undefined;
  }

  /** The same for the window listener's `/mcp`: what its worker names, and its calls run on this window's client (the token stays here). */
  get restForListener(): WindowRestApi | undefined {
    const s = this.session;
    if (!s) return undefined;
    return { config: { baseUrl: s.baseUrl, org: s.org, projects: [...s.projects], ...(s.environment ? { environment: s.environment } : {}) }, call: restCallerFor(s.client) };
  }

  async latestEvent(issueId: string): Promise<Record<string, unknown>> {
    const s = this.session;
    if (!s) throw new Error('The Sentry API is not configured (set an auth token and sentry.api.organization).');
    return (await s.client.latestEvent(issueId, { org: s.org })) as Record<string, unknown>;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.session?.poller.setVisible(visible);
    if (visible && this.unseen.size > 0) {
      this.unseen.clear();
      this.deps.onNewIssues(0, undefined);
    }
  }

  refresh(): void {
    if (this.session) void this.session.poller.pollNow();
    else void this.reconfigure();
  }

  /** Polls now and waits for the answer (after an issue action). */
  async pollNow(): Promise<void> {
    await this.session?.poller.pollNow();
  }

  /** Reads the token and settings and (re)builds the client and poller when they changed. Serialised. */
  reconfigure(): Promise<void> {
    return this.configuring
      .run(async () => {
        const before = this.session;
        await this.doReconfigure();
        if (this.session !== before) this.restChanged.fire();
      })
      .catch((e: unknown) => this.log.error(`configuring the API failed: ${(e as Error).message}`));
  }

  private async doReconfigure(): Promise<void> {
    this.token = await this.deps.secrets.get(SecretKeys.authToken);
    const settings = currentSettings();
    const key = this.token && settings.apiOrganization ? JSON.stringify([this.token.length, hashish(this.token), pick(settings)]) : '';
    if (this.session?.key === key) return;
    this.teardown();
    void vscode.commands.executeCommand('setContext', ContextKeys.apiEnabled, key !== '');
    if (!key || !this.token) {
      this.setHealth({ state: 'off' });
      this.changed.fire({ changedIds: [], newIds: [] });
      return;
    }
    const [{ SentryApiClient }, { IssuePoller }, { realClock }] = await Promise.all([
      import('../../api/sentryApiClient'),
      import('../../api/poller'),
      import('../../api/clock'),
    ]);
    let client: SentryApiClient;
    try {
      client = new SentryApiClient({ baseUrl: settings.apiBaseUrl, token: this.token, logger: this.log, userAgent: 'sentry-lens/0.1.0' });
    } catch (e) {
      this.setHealth({ state: 'error', reason: (e as { userMessage?: string }).userMessage ?? 'the Sentry API settings are wrong' });
      return;
    }
    const org = settings.apiOrganization;
    const poller = new IssuePoller({
      fetch: async (signal) =>
        (
          await client.listIssues({
            org,
            ...(settings.apiProjects.length ? { projects: settings.apiProjects } : {}),
            ...(settings.apiQuery ? { query: settings.apiQuery } : {}),
            ...(settings.apiEnvironment ? { environment: settings.apiEnvironment } : {}),
            maxPages: settings.apiMaxPages,
            signal,
          })
        ).issues,
      intervalMs: settings.apiPollIntervalSeconds * 1000,
      clock: realClock,
      logger: this.log,
    });
    const session: Session = { key, org, projects: settings.apiProjects, environment: settings.apiEnvironment, baseUrl: client.baseUrl, client, poller, subs: new DisposableStore() };
    session.subs.add(poller);
    session.subs.add(
      poller.onDidChangeHealth((h) => {
        if (this.session === session) this.setHealth(apiHealthOf(h, Date.now(), this.currentHealth));
      }),
    );
    session.subs.add(
      poller.onDidUpdate((u) => {
        if (this.session === session) this.updated(u);
      }),
    );
    this.session = session;
    poller.setFocused(this.focused);
    poller.setVisible(this.visible);
    poller.start();
    this.log.info(`polling organization "${org}" at ${client.baseUrl} every ${settings.apiPollIntervalSeconds} s${settings.apiProjects.length ? ` (projects ${settings.apiProjects.join(', ')})` : ''}`);
    const rejected = this.rejected && this.rejected.hash === hashish(this.token) ? this.rejected.reason : undefined;
    this.setHealth(rejected ? { state: 'error', reason: rejected } : apiHealthOf(poller.health, Date.now()));
    this.changed.fire({ changedIds: [], newIds: [] });
  }

  /** Set Auth Token found this token rejected: say so until a poll tells otherwise (polling may be paused while the view is hidden). */
  noteRejectedToken(token: string, reason: string): void {
    this.rejected = { hash: hashish(token.trim()), reason };
  }

  private updated(u: PollUpdate): void {
    const newIds = u.first ? [] : u.added.map((i) => i.id);
    this.changed.fire({ changedIds: [...u.added, ...u.changed].map((i) => i.id).concat(u.removed), newIds });
    if (u.first || u.added.length === 0) return;
    if (!this.visible) {
      for (const i of u.added) this.unseen.set(i.id, i.level);
      for (const id of u.removed) this.unseen.delete(id);
      this.deps.onNewIssues(this.unseen.size, highestLevel(this.unseen.values()));
    }
    if (vscode.workspace.getConfiguration('sentry').get<boolean>('api.notifyNewIssues') === true) {
      const text = newIssuesNotification(u.added);
      if (text) {
        void vscode.window.showInformationMessage(text, 'Show Errors').then((c) => {
          if (c) void vscode.commands.executeCommand('workbench.view.extension.sentry');
        });
      }
    }
  }

  private setHealth(h: ApiHealth): void {
    this.currentHealth = h;
    this.deps.onHealth(h);
  }

  private teardown(): void {
    const s = this.session;
    if (!s) return;
    this.session = undefined;
    s.subs.dispose();
    s.client.close().catch((e: unknown) => this.log.warn(`closing the API client failed: ${logDetailOf(e)}`));
    if (this.unseen.size) {
      this.unseen.clear();
      this.deps.onNewIssues(0, undefined);
    }
  }

  override dispose(): void {
    this.teardown();
    super.dispose();
  }
}

function pick(s: SentrySettings): unknown[] {
  return [s.apiBaseUrl, s.apiOrganization, s.apiProjects, s.apiQuery, s.apiEnvironment, s.apiMaxPages, s.apiPollIntervalSeconds];
}

/** A short non-reversible fingerprint so a changed token rebuilds the client (the token itself is never kept in the key). */
function hashish(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
