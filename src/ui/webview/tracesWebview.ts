import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { SHARED_SCRIPTS, tracesPageHtml } from './tracesPageHtml';

/** The folder a traces webview may load from (its localResourceRoots). */
export function tracesMedia(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'traces');
}

/** Sets a traces webview's document: its stylesheet and script from media/traces, after the shared scripts. */
export function setTracesPage(webview: vscode.Webview, media: vscode.Uri, page: { title: string; style: string; script: string; body: string }): void {
  const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(media, file)).toString();
  webview.html = tracesPageHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64url'),
    title: page.title,
    styleUri: uri(page.style),
    scriptUris: [...SHARED_SCRIPTS, page.script].map(uri),
    body: page.body,
  });
}
