import * as vscode from 'vscode';
import { SentryAuthError, logDetailOf, userMessageOf } from '../../sentry/errors';
import type { Logger } from '../../util/logger';
import { CommandIds } from '../common/commandIds';
import type { ApiIssueNodeArg } from '../common/contracts';
import { failureMessage } from '../common/failureMessage';
import { SecretKeys } from '../secrets/secretKeys';
import { currentSettings } from '../settings/settings';
import { issueWebUrl } from './apiHealthModel';
import type { ApiIssuesService } from './apiIssuesService';

/** Set/Clear Auth Token, Select Projects, Refresh, and the actions on API issue nodes. */
export function registerApiCommands(secrets: vscode.SecretStorage, api: ApiIssuesService, log: Logger): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.setAuthToken, () => setAuthToken(secrets, api, log)),
    vscode.commands.registerCommand(CommandIds.clearAuthToken, async () => {
      await secrets.delete(SecretKeys.authToken);
      log.info('auth token cleared');
      void vscode.window.showInformationMessage('Sentry auth token cleared');
    }),
    vscode.commands.registerCommand(CommandIds.selectProjects, () => selectProjects(api, log)),
    vscode.commands.registerCommand(CommandIds.refresh, () => api.refresh()),
    vscode.commands.registerCommand(CommandIds.issueResolve, (arg: unknown) => updateStatus(api, log, arg, 'resolved', 'resolve')),
    vscode.commands.registerCommand(CommandIds.issueIgnore, (arg: unknown) => updateStatus(api, log, arg, 'ignored', 'ignore')),
    vscode.commands.registerCommand(CommandIds.issueUnresolve, (arg: unknown) => updateStatus(api, log, arg, 'unresolved', 'unresolve')),
    vscode.commands.registerCommand(CommandIds.issueAssignToMe, (arg: unknown) => assignToMe(api, log, arg)),
    vscode.commands.registerCommand(CommandIds.issueOpenInSentry, async (arg: unknown) => {
      const url = linkOf(api, arg);
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
    }),
    vscode.commands.registerCommand(CommandIds.issueCopyLink, async (arg: unknown) => {
      const url = linkOf(api, arg);
      if (!url) return;
      await vscode.env.clipboard.writeText(url);
      void vscode.window.setStatusBarMessage('Sentry: issue link copied', 3000);
    }),
  ];
}

async function setAuthToken(secrets: vscode.SecretStorage, api: ApiIssuesService, log: Logger): Promise<void> {
  const token = await vscode.window.showInputBox({
    title: 'Sentry auth token',
    prompt: 'A user auth token (Settings > Account > API > Auth Tokens) with event:read, event:write, project:read and org:read. Kept in the OS keychain, never in settings.',
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'sntryu_…',
    validateInput: (v) => (v.trim() !== '' && /\s/.test(v.trim()) ? 'The token contains spaces: paste it exactly as Sentry shows it' : undefined),
  });
  if (!token || token.trim() === '') return;
  const settings = currentSettings();
  const { SentryApiClient } = await import('../../api/sentryApiClient');
  let orgs: { slug: string; name: string }[];
  let client: InstanceType<typeof SentryApiClient> | undefined;
  try {
    client = new SentryApiClient({ baseUrl: settings.apiBaseUrl, token: token.trim(), logger: log, userAgent: 'sentry-lens/0.1.0' });
    const c = client;
    orgs = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Sentry: checking the token with ${c.baseUrl}` },
      () => c.listOrganizations(),
    );
  } catch (e) {
    // The token is kept either way (the person chose to replace the old one); polling then shows its state in the status bar.
    const reason = userMessageOf(e);
    const rejected = e instanceof SentryAuthError || (e as { kind?: string }).kind === 'auth';
    if (rejected) api.noteRejectedToken(token, `the auth token is rejected: ${reason}`);
    await secrets.store(SecretKeys.authToken, token.trim());
    if (rejected) {
      log.warn(`the new auth token is rejected: ${logDetailOf(e)}`);
      void vscode.window.showErrorMessage(`Sentry: the auth token is rejected: ${reason}`, 'Set Auth Token').then((c) => {
        if (c) void vscode.commands.executeCommand(CommandIds.setAuthToken);
      });
    } else {
      log.warn(`the new auth token could not be checked: ${logDetailOf(e)}`);
      void vscode.window.showWarningMessage(`Sentry auth token saved, but it could not be checked: ${reason}`);
    }
    return;
  } finally {
    client?.close().catch((e: unknown) => log.warn(`closing the API client failed: ${logDetailOf(e)}`));
  }
  await secrets.store(SecretKeys.authToken, token.trim());
  log.info(`auth token saved; it sees ${orgs.length} organization(s)`);
  const names = orgs.map((o) => o.slug).join(', ') || 'no organizations';
  if (!settings.apiOrganization && orgs.length > 0) {
    const org =
      orgs.length === 1
        ? orgs[0]
        : await vscode.window.showQuickPick(
            orgs.map((o) => ({ label: o.slug, description: o.name, org: o })),
            { title: 'Sentry organization', placeHolder: 'Whose issues to show' },
          ).then((p) => p?.org);
    if (org) await vscode.workspace.getConfiguration('sentry').update('api.organization', org.slug, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(`Sentry auth token saved: it sees ${names}${org ? `; showing issues of ${org.slug}` : ''}`);
  } else {
    const known = !settings.apiOrganization || orgs.some((o) => o.slug === settings.apiOrganization);
    const msg = `Sentry auth token saved: it sees ${names}`;
    if (known) void vscode.window.showInformationMessage(msg);
    else void vscode.window.showWarningMessage(`${msg}, but not "${settings.apiOrganization}" (the setting sentry.api.organization)`);
  }
  await api.reconfigure();
}

async function selectProjects(api: ApiIssuesService, log: Logger): Promise<void> {
  const client = api.client;
  const target = api.target;
  if (!client || !target) {
    const c = await vscode.window.showWarningMessage('Sentry: set an auth token and an organization first.', 'Set Auth Token', 'Open Settings');
    if (c === 'Set Auth Token') await vscode.commands.executeCommand(CommandIds.setAuthToken);
    else if (c === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'sentry.api');
    return;
  }
  let projects;
  try {
    projects = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Sentry: listing projects of ${target.org}` }, () =>
      client.listProjects(target.org),
    );
  } catch (e) {
    void vscode.window.showErrorMessage(failedMessage(log, `could not list the projects of ${target.org}`, e));
    return;
  }
  const current = new Set(currentSettings().apiProjects);
  const picked = await vscode.window.showQuickPick(
    projects.map((p) => ({ label: p.slug, description: p.name, detail: p.platform ?? undefined, picked: current.has(p.slug) })),
    { title: 'Sentry projects', placeHolder: 'Whose issues to show (none: every project)', canPickMany: true, ignoreFocusOut: true },
  );
  if (!picked) return;
  const target2 = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('sentry').update('api.projects', picked.map((p) => p.label), target2);
}

function issueArg(arg: unknown): ApiIssueNodeArg | undefined {
  if (typeof arg === 'object' && arg !== null && (arg as ApiIssueNodeArg).kind === 'apiIssue' && typeof (arg as ApiIssueNodeArg).issue?.id === 'string') {
    return arg as ApiIssueNodeArg;
  }
  return undefined;
}

function linkOf(api: ApiIssuesService, arg: unknown): string | undefined {
  const a = issueArg(arg);
  const t = api.target;
  if (!a) return undefined;
  if (!t && !a.issue.permalink) {
    void vscode.window.showErrorMessage('Sentry: the Sentry API is not configured, so there is no link for this issue.');
    return undefined;
  }
  return issueWebUrl(t?.baseUrl ?? '', t?.org ?? '', a.issue);
}

function updateStatus(api: ApiIssuesService, log: Logger, arg: unknown, status: 'resolved' | 'ignored' | 'unresolved', verb: string): Promise<void> {
  return changeIssue(api, log, arg, { verb }, async (client, org, issue) => {
    await client.updateIssue(org, issue.id, { status });
    return status;
  });
}

function assignToMe(api: ApiIssuesService, log: Logger, arg: unknown): Promise<void> {
  return changeIssue(api, log, arg, { verb: 'assign', failedSuffix: ' to you' }, async (client, org, issue) => {
    const me = await client.whoAmI();
    await client.updateIssue(org, issue.id, { assignedTo: `user:${me.id}` });
    return 'assigned to you';
  });
}

type IssueClient = NonNullable<ApiIssuesService['client']>;

/**
 * An action on an API issue node: says when the API is not configured, runs the change,
 * shows what it did in the status bar (or why it failed), then polls so the tree shows it.
 */
async function changeIssue(
  api: ApiIssuesService,
  log: Logger,
  arg: unknown,
  words: { verb: string; failedSuffix?: string },
  change: (client: IssueClient, org: string, issue: ApiIssueNodeArg['issue']) => Promise<string>,
): Promise<void> {
  const a = issueArg(arg);
  const client = api.client;
  const t = api.target;
  if (!a) return;
  if (!client || !t) {
    void vscode.window.showErrorMessage(`Sentry: could not ${words.verb} ${a.issue.shortId}: the Sentry API is not configured.`);
    return;
  }
  try {
    const done = await change(client, t.org, a.issue);
    void vscode.window.setStatusBarMessage(`Sentry: ${a.issue.shortId} ${done}`, 3000);
  } catch (e) {
    void vscode.window.showErrorMessage(failedMessage(log, `could not ${words.verb} ${a.issue.shortId}${words.failedSuffix ?? ''}`, e));
    return;
  }
  await api.pollNow();
}

/** The failure sentence (naming the missing scope on a 403 when Sentry or the client knows it); the cause goes to the log. */
function failedMessage(log: Logger, what: string, e: unknown): string {
  const text = failureMessage(log, what, e);
  if (e instanceof SentryAuthError && e.missingScope && !text.includes(e.missingScope)) return `${text} (the token lacks the ${e.missingScope} scope)`;
  return text;
}
