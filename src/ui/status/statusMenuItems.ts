import { CommandIds } from '../common/commandIds';
import type { StatusState } from './statusModel';
import { failureShown, isConfigured } from './statusModel';

/** What a status-bar menu entry does: run a command, or one of the listener's own ways out of a port conflict. */
export type StatusMenuAction =
  | { kind: 'command'; command: string }
  | { kind: 'choosePort' }
  | { kind: 'retryCapture' }
  | { kind: 'copyOwnerDsn' }
  | { kind: 'showErrors' };

export interface StatusMenuItem {
  label: string;
  detail?: string;
  action: StatusMenuAction;
}

const cmd = (command: string): StatusMenuAction => ({ kind: 'command', command });

/** The entries of the status-bar menu for a state: the way out of the current problem first, then the usual commands. Pure. */
export function statusMenuItems(s: StatusState): StatusMenuItem[] {
  const items: StatusMenuItem[] = [];
  const getStarted: StatusMenuItem = { label: '$(rocket) Get Started', detail: 'The walkthrough: capture, open a frame, send a test event, connect Sentry', action: cmd(CommandIds.getStarted) };
  if (!isConfigured(s)) items.push(getStarted);
  if (failureShown(s)) {
    items.push({ label: '$(output) Show Log', detail: 'See why the last send failed', action: cmd(CommandIds.showLog) });
    items.push({ label: '$(bug) Create Issue', detail: 'Send a test event again', action: cmd(CommandIds.createIssue) });
    items.push({ label: '$(key) Set DSN', detail: 'Use another DSN', action: cmd(CommandIds.setDsn) });
  }
  if (s.listener.state === 'portInUse') {
    const port = s.listener.port;
    items.push({ label: '$(plug) Choose Another Port', detail: `Port ${port} is used by another program`, action: { kind: 'choosePort' } });
    items.push({ label: '$(copy) Copy DSN of the Window That Owns the Port', detail: `http://local@127.0.0.1:${port}/1 — if that program is a Sentry receiver, SDKs can keep sending there`, action: { kind: 'copyOwnerDsn' } });
    items.push({ label: '$(debug-restart) Retry', detail: `Try port ${port} again`, action: { kind: 'retryCapture' } });
  }
  if (s.listener.state === 'failed') {
    items.push({ label: '$(debug-restart) Retry Local Capture', action: { kind: 'retryCapture' } });
    items.push({ label: '$(output) Show Log', action: cmd(CommandIds.showLog) });
  }
  if (s.api.state === 'error' || s.api.state === 'degraded') {
    items.push({ label: '$(refresh) Refresh', detail: 'Poll the Sentry API now', action: cmd(CommandIds.refresh) });
    items.push({ label: '$(key) Set Auth Token', action: cmd(CommandIds.setAuthToken) });
    items.push({ label: '$(output) Show Log', action: cmd(CommandIds.showLog) });
  }
  items.push({ label: '$(list-tree) Show Errors', detail: s.newErrors.count > 0 ? `${s.newErrors.count} new` : undefined, action: { kind: 'showErrors' } });
  if (s.dsn === undefined) items.push({ label: '$(key) Set DSN', detail: 'Send test events to your Sentry project', action: cmd(CommandIds.setDsn) });
  items.push({ label: '$(bug) Create Issue', detail: 'Send a test event', action: cmd(CommandIds.createIssue) });
  if (s.listener.state === 'stopped') {
    items.push({ label: '$(debug-start) Start Local Capture', detail: 'Capture events from any Sentry SDK on this machine', action: cmd(CommandIds.startCapture) });
  } else if (s.listener.state === 'listening' || s.listener.state === 'starting') {
    items.push({ label: '$(debug-stop) Stop Local Capture', action: cmd(CommandIds.stopCapture) });
  }
  items.push({ label: '$(copy) Copy Local DSN', action: cmd(CommandIds.copyLocalDsn) });
  if (s.api.state === 'off') items.push({ label: '$(key) Set Auth Token', detail: "See your Sentry projects' issues", action: cmd(CommandIds.setAuthToken) });
  else items.push({ label: '$(project) Select Projects', action: cmd(CommandIds.selectProjects) });
  items.push({ label: '$(output) Show Log', action: cmd(CommandIds.showLog) });
  items.push(getStarted);
  // one entry per action
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = JSON.stringify(i.action);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
