import * as vscode from 'vscode';

/** A level's icon in theme colours only. */
export function levelIcon(level: string | undefined): vscode.ThemeIcon {
  switch (level) {
    case 'fatal':
      return new vscode.ThemeIcon('flame', new vscode.ThemeColor('errorForeground'));
    case 'warning':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'));
    case 'info':
      return new vscode.ThemeIcon('info', new vscode.ThemeColor('editorInfo.foreground'));
    case 'debug':
      return new vscode.ThemeIcon('debug', new vscode.ThemeColor('descriptionForeground'));
    default:
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  }
}
