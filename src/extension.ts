import type * as vscode from 'vscode';

// Composition root (placeholder until the shell lands).
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
