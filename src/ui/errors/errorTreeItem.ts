import * as vscode from 'vscode';
import { type FrameView, frameLocation } from '../../sentry/event/eventView';
import { type ErrorNode, nodeId } from '../events/errorNodes';
import { apiIssueRow, issueRow } from './issueRow';
import { levelIcon } from './levelIcon';
import { markdownText } from '../common/markdownText';
import { relativeTime } from '../common/relativeTime';

const C = vscode.TreeItemCollapsibleState;

/** `file:line:col` with a workspace file shown relative to its folder. */
function shortLocation(f: FrameView): string {
  const file = f.absPath ?? f.filename;
  if (!file || !(file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file))) return frameLocation(f);
  const rel = vscode.workspace.asRelativePath(file, false);
  return `${rel}${f.lineno !== undefined ? `:${f.lineno}` : ''}${f.colno !== undefined ? `:${f.colno}` : ''}`;
}

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** The tree item for a node; `now` makes relative times deterministic per render. */
export function errorTreeItem(node: ErrorNode, now: number): vscode.TreeItem {
  let item: vscode.TreeItem;
  switch (node.kind) {
    case 'issue': {
      const s = node.summary;
      const row = issueRow(s.title, { count: s.count, lastSeen: s.lastSeen, environments: s.environments, releases: s.releases }, now);
      item = new vscode.TreeItem(row.label, C.Collapsed);
      item.description = row.description;
      item.iconPath = node.resolved ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')) : levelIcon(s.level);
      const md = new vscode.MarkdownString();
      md.appendMarkdown('**').appendMarkdown(markdownText(s.title)).appendMarkdown('**\n\n');
      if (s.culprit) md.appendMarkdown(markdownText(s.culprit)).appendMarkdown('\n\n');
      md.appendMarkdown(markdownText(`${s.level} · ${s.count} event${s.count === 1 ? '' : 's'}${node.resolved ? ' · resolved' : ''}`)).appendMarkdown('\n\n');
      md.appendMarkdown(markdownText(`First seen ${when(s.firstSeen)} (${relativeTime(s.firstSeen, now)})`)).appendMarkdown('  \n');
      md.appendMarkdown(markdownText(`Last seen ${when(s.lastSeen)} (${relativeTime(s.lastSeen, now)})`)).appendMarkdown('\n\n');
      if (s.environments.length) md.appendMarkdown(markdownText(`Environments: ${s.environments.join(', ')}`)).appendMarkdown('  \n');
      if (s.releases.length) md.appendMarkdown(markdownText(`Releases: ${s.releases.join(', ')}`)).appendMarkdown('  \n');
      if (s.topFrame) {
        md.appendMarkdown('\n');
        md.appendMarkdown(markdownText(`Top frame: ${s.topFrame.function ?? '<anonymous>'} at ${frameLocation(s.topFrame)}`));
      }
      item.tooltip = md;
      item.contextValue = `issue captured ${node.resolved ? 'resolved' : 'unresolved'}`;
      break;
    }
    case 'event': {
      item = new vscode.TreeItem(`${relativeTime(node.receivedAt, now)} · ${node.eventId.slice(0, 8)}`, C.Collapsed);
      item.description = when(node.receivedAt);
      item.iconPath = new vscode.ThemeIcon('symbol-event');
      item.tooltip = `Event ${node.eventId}\nReceived ${when(node.receivedAt)}`;
      item.contextValue = 'event captured';
      item.command = { command: 'sentry.openEvent', title: 'Open Event Details', arguments: [node] };
      break;
    }
    case 'exception': {
      const e = node.exception;
      const label = node.index < 0 ? 'Stack trace' : (e.type ?? 'Error');
      item = new vscode.TreeItem(label, node.raised ? C.Expanded : C.Collapsed);
      item.description = node.index < 0 ? '' : `${e.value ?? ''}${node.raised ? '' : ' (cause)'}`;
      item.tooltip = [label, e.value, e.mechanism?.handled === false ? 'unhandled' : undefined].filter(Boolean).join('\n');
      item.iconPath = new vscode.ThemeIcon(node.raised ? 'bug' : 'debug-step-into');
      item.contextValue = 'exception';
      break;
    }
    case 'frame': {
      const f = node.frame;
      item = new vscode.TreeItem(f.function ?? '<anonymous>', C.None);
      item.description = shortLocation(f);
      item.iconPath = node.inApp
        ? new vscode.ThemeIcon('debug-stackframe')
        : new vscode.ThemeIcon('debug-stackframe-dot', new vscode.ThemeColor('disabledForeground'));
      const md = new vscode.MarkdownString();
      md.appendMarkdown(markdownText(`${f.function ?? '<anonymous>'} — ${f.absPath ?? f.filename ?? f.module ?? '?'}${f.lineno ? `:${f.lineno}` : ''}${f.colno ? `:${f.colno}` : ''}`));
      if (f.contextLine !== undefined) md.appendCodeblock(f.contextLine.trim(), f.platform ?? node.platform ?? '');
      md.appendMarkdown(markdownText(node.inApp ? 'in-app frame' : 'library frame'));
      item.tooltip = md;
      item.contextValue = node.inApp ? 'frame inApp' : 'frame library';
      item.command = { command: 'sentry.openFrame', title: 'Open Frame', arguments: [node] };
      break;
    }
    case 'library': {
      const n = node.frames.length;
      item = new vscode.TreeItem(`${n} library frame${n === 1 ? '' : 's'}`, C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('library', new vscode.ThemeColor('disabledForeground'));
      item.contextValue = 'libraryFrames';
      break;
    }
    case 'showMore': {
      item = new vscode.TreeItem('Show more…', C.None);
      item.description = `${node.shown} shown`;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'sentry.errors.showMore', title: 'Show More' };
      item.contextValue = 'showMore';
      break;
    }
    case 'apiProject': {
      // The project first: a narrow sidebar cuts the end of a label, and one organization is configured at a time.
      item = new vscode.TreeItem(node.slug, C.Expanded);
      item.description = node.org;
      item.tooltip = `${node.org}/${node.slug}`;
      item.iconPath = new vscode.ThemeIcon('project');
      item.contextValue = 'apiProject';
      break;
    }
    case 'apiIssue': {
      const i = node.issue;
      const lastSeen = Date.parse(i.lastSeen);
      const row = apiIssueRow({ title: i.title, shortId: i.shortId, count: i.count, lastSeen: Number.isNaN(lastSeen) ? undefined : lastSeen }, now);
      item = new vscode.TreeItem(row.label, C.Collapsed);
      item.description = row.description;
      item.iconPath = levelIcon(i.level);
      const md = new vscode.MarkdownString();
      md.appendMarkdown('**').appendMarkdown(markdownText(i.title)).appendMarkdown('**\n\n');
      if (i.culprit) md.appendMarkdown(markdownText(i.culprit)).appendMarkdown('\n\n');
      md.appendMarkdown(markdownText(`${i.shortId} · ${i.level} · ${i.count} events${i.userCount !== undefined ? ` · ${i.userCount} users` : ''} · ${i.status}`)).appendMarkdown('\n\n');
      md.appendMarkdown(markdownText(`First seen ${i.firstSeen}`)).appendMarkdown('  \n');
      md.appendMarkdown(markdownText(`Last seen ${i.lastSeen}`));
      item.tooltip = md;
      item.contextValue = `apiIssue ${i.status}`;
      break;
    }
    case 'message': {
      item = new vscode.TreeItem(node.text, C.None);
      item.iconPath = node.error ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : new vscode.ThemeIcon('info');
      if (node.tooltip) item.tooltip = node.tooltip;
      if (node.command) item.command = { command: node.command, title: node.text };
      item.contextValue = node.error ? 'message error' : 'message';
      break;
    }
  }
  item.id = nodeId(node);
  return item;
}
