import * as vscode from 'vscode';
import { type FunctionLookup, awaitFunctionName, lookUpFunctionAt } from './functionAtCursor';
import { type Dsn, eventWebUrl } from '../../sentry/send/dsn';
import type { EventTemplate, SourceLocation } from '../../sentry/send/eventTemplate';
import { buildTemplatePayload, templates } from '../../sentry/send/templates';
import { isTransactionPayload } from '../../sentry/send/transactionBuilder';
import { type Level, LEVELS } from '../../sentry/event/eventView';
import type { DsnSecret } from '../secrets/dsnSecret';
import { CommandIds } from '../common/commandIds';
import { promptForDsn } from '../secrets/secretCommands';
import { currentSettings } from '../settings/settings';
import { isLoopbackHost } from '../settings/settingsModel';
import { configuredScrubber } from '../settings/configuredScrubber';
import {
  type CreateIssueAnswers,
  answersToRemember,
  initialAnswers,
  sanitizeLastAnswers,
  toEventInput,
  validateEnvironment,
  validateExtra,
  validateMessage,
  validatePlatform,
  validateTags,
} from './createIssueAnswers';
import type { EventSender } from './eventSender';
import { sendFailureActions } from './sendFailureActions';

export interface CreateIssueDeps {
  globalState: vscode.Memento;
  dsnSecret: DsnSecret;
  sender: EventSender;
  /** Starts local capture if needed and returns its DSN, or undefined when it cannot run. */
  localDsn(): Promise<Dsn | undefined>;
  sdk: { name: string; version: string };
}

const LAST_ANSWERS_KEY = 'sentry.createIssue.lastAnswers';
const TITLE = 'Create Sentry Issue';

/**
 * "Sentry: Create Issue": template, message, level, environment, platform,
 * tags, extra — each step titled "Create Sentry Issue: <step>"; Escape at
 * any step cancels silently. The last answers are remembered in globalState,
 * scrubbed as the event is.
 */
export async function runCreateIssue(deps: CreateIssueDeps): Promise<void> {
  const dsn = await chooseDsn(deps);
  if (!dsn) return;
  const settings = currentSettings();
  // Scrubbed as the event is: a bad extra pattern is reported when sending, the defaults still apply here.
  const { scrubber } = await configuredScrubber();
  const last = sanitizeLastAnswers(deps.globalState.get(LAST_ANSWERS_KEY), scrubber);

  const active = activeSource();
  const template = await pickTemplate(active?.source, last.templateId);
  // Only the exception template names a function: the other answers stop the lookup.
  if (template?.id !== 'exception') active?.functionName.cancel();
  if (!template) return;
  // The language extension's symbols were asked for before the picker showed: by now they are usually there.
  const functionName = template.id === 'exception' && active ? await awaitFunctionName(active.functionName) : undefined;
  const source = active && functionName ? { ...active.source, functionName } : active?.source;
  const built = template.build(source);
  const init = initialAnswers(template, built, last, { environment: settings.environment });

  const message = await input('message', init.message, validateMessage, template.messagePrompt ?? 'What happened (required)');
  if (message === undefined) return;
  // A transaction has no level: its template does not ask for one.
  const level = template.hasLevel === false ? init.level : await pickLevel(init.level);
  if (!level) return;
  const environment = await input('environment', init.environment, validateEnvironment, 'e.g. production, staging (empty: none)');
  if (environment === undefined) return;
  const platform = await input('platform', init.platform, validatePlatform, 'e.g. node, python, javascript, java');
  if (platform === undefined) return;
  const tags = await input('tags', init.tags, validateTags, 'Comma-separated key:value, e.g. feature:checkout, customer:acme (may be empty)');
  if (tags === undefined) return;
  const extra = await input('extra', init.extra, validateExtra, 'A JSON object, e.g. {"orderId": 42} (may be empty)');
  if (extra === undefined) return;

  const answers: CreateIssueAnswers = { templateId: template.id, message, level, environment, platform, tags, extra };
  await deps.globalState.update(LAST_ANSWERS_KEY, answersToRemember(answers, scrubber));
  const eventInput = toEventInput(built, answers, { release: settings.release });
  if (!eventInput.ok) {
    void vscode.window.showErrorMessage(`Sentry: ${eventInput.reason}`);
    return;
  }
  const event = buildTemplatePayload(template, eventInput.value, { sdkName: deps.sdk.name, sdkVersion: deps.sdk.version });
  await deliver(deps, dsn, event);
}

/** Sends the event and says how it went; a failure offers the log, another DSN, or the local listener, and sends again there. */
async function deliver(deps: CreateIssueDeps, dsn: Dsn, event: object): Promise<void> {
  const settings = currentSettings();
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Sentry: sending event' },
    () =>
      deps.sender.send(dsn, event, {
        timeoutSeconds: settings.ingestTimeoutSeconds,
        endpoint: settings.createIssueEndpoint,
        extraKeys: settings.scrubbingExtraKeys,
        extraPatterns: settings.scrubbingExtraPatterns,
      }),
  );
  if (!result.ok) {
    const toLocal = isLoopbackHost(dsn.host) && dsn.port === settings.capturePort;
    const action = await vscode.window.showErrorMessage(`Sentry: ${result.reason}`, ...sendFailureActions(result.kind, toLocal));
    if (action === 'Show Log') await vscode.commands.executeCommand(CommandIds.showLog);
    else if (action === 'Set DSN') {
      if ((await promptForDsn(deps.dsnSecret)) && deps.dsnSecret.current) await deliver(deps, deps.dsnSecret.current, event);
    } else if (action === 'Use Local Capture') {
      const local = await deps.localDsn();
      if (local) await deliver(deps, local, event);
    }
    return;
  }
  const eventId = result.value.eventId;
  // The organization of the REST API settings, when set, gives the organization's own link.
  const url = isTransactionPayload(event) ? undefined : eventWebUrl(dsn, eventId, settings.apiOrganization ? { orgSlug: settings.apiOrganization } : {});
  const buttons = url ? ['Open in Sentry', 'Copy Event ID'] : ['Copy Event ID'];
  const what = isTransactionPayload(event) ? 'transaction' : 'event';
  const choice = await vscode.window.showInformationMessage(`Sentry ${what} sent: ${eventId}`, ...buttons);
  if (choice === 'Open in Sentry' && url) await vscode.env.openExternal(vscode.Uri.parse(url));
  else if (choice === 'Copy Event ID') await vscode.env.clipboard.writeText(eventId);
}

async function chooseDsn(deps: CreateIssueDeps): Promise<Dsn | undefined> {
  const current = deps.dsnSecret.current ?? (await deps.dsnSecret.reload());
  if (current) return current;
  const choice = await vscode.window.showWarningMessage(
    'Sentry: no DSN is set. Set the DSN of your Sentry project, or send to the local capture listener.',
    'Set DSN',
    'Use Local Capture',
  );
  if (choice === 'Set DSN') return (await promptForDsn(deps.dsnSecret)) ? deps.dsnSecret.current : undefined;
  if (choice === 'Use Local Capture') return deps.localDsn();
  return undefined;
}

/** The active editor's file and cursor, and the name of the function there (asked of the language extension, not awaited here). */
function activeSource(): { source: SourceLocation; functionName: FunctionLookup } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme !== 'file') return undefined;
  const doc = editor.document;
  const pos = editor.selection.active;
  return {
    source: {
      absPath: doc.uri.fsPath,
      relativePath: vscode.workspace.asRelativePath(doc.uri, false).replace(/\\/g, '/'),
      lineno: pos.line + 1,
      colno: pos.character + 1,
      lines: doc.getText().split(/\r?\n/),
      languageId: doc.languageId,
    },
    functionName: lookUpFunctionAt(doc.uri, pos),
  };
}

type TemplateItem = vscode.QuickPickItem & { template: EventTemplate };

function pickTemplate(source: SourceLocation | undefined, lastId: string | undefined): Promise<EventTemplate | undefined> {
  const items: TemplateItem[] = templates.map((t) => ({
    label: t.label,
    description:
      t.id === 'exception'
        ? source
          ? `${source.relativePath}:${source.lineno}:${source.colno}`
          : 'no active editor: the stack trace will have no frames'
        : t.description,
    template: t,
  }));
  const active = items.find((i) => i.template.id === lastId);
  return pick(`${TITLE}: template`, items, active, 'Which kind of event to send').then((i) => i?.template);
}

type LevelItem = vscode.QuickPickItem & { level: Level };

function pickLevel(initial: Level): Promise<Level | undefined> {
  const items: LevelItem[] = LEVELS.map((l) => ({ label: l, level: l }));
  return pick(`${TITLE}: level`, items, items.find((i) => i.level === initial), 'The event level').then((i) => i?.level);
}

function pick<T extends vscode.QuickPickItem>(title: string, items: T[], active: T | undefined, placeholder: string): Promise<T | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<T>();
    qp.title = title;
    qp.placeholder = placeholder;
    qp.ignoreFocusOut = true;
    qp.items = items;
    if (active) qp.activeItems = [active];
    let done = false;
    const finish = (v: T | undefined) => {
      if (done) return;
      done = true;
      resolve(v);
      qp.dispose();
    };
    qp.onDidAccept(() => finish(qp.selectedItems[0] ?? qp.activeItems[0]));
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

function input(step: string, value: string, validate: (v: string) => string | undefined, prompt: string): Promise<string | undefined> {
  return Promise.resolve(
    vscode.window.showInputBox({
      title: `${TITLE}: ${step}`,
      value,
      prompt,
      ignoreFocusOut: true,
      validateInput: validate,
    }),
  );
}
