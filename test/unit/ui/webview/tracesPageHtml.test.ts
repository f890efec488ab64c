import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_SCRIPTS, tracesPageHtml } from '../../../../src/ui/webview/tracesPageHtml';

const parts = {
  cspSource: 'vscode-webview://abc',
  nonce: 'N0nce123',
  title: 'Logs & more',
  styleUri: 'vscode-webview://abc/logs.css',
  scriptUris: ['vscode-webview://abc/virtualList.js', 'vscode-webview://abc/logs.js'],
  body: '<div id="lines"></div>',
};

describe('tracesPageHtml', () => {
  it('lets in only the webview source for styles and the nonce for scripts', () => {
    const html = tracesPageHtml(parts);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    assert.equal(csp, "default-src 'none'; style-src vscode-webview://abc; script-src 'nonce-N0nce123'");
    assert.ok(!/<script(?![^>]*nonce="N0nce123")/.test(html), 'every script carries the nonce');
    assert.ok(!/<script[^>]*>[^<]/.test(html), 'no inline script');
  });

  it('loads the shared scripts before the page script, in order', () => {
    const html = tracesPageHtml(parts);
    const shared = html.indexOf('src="vscode-webview://abc/virtualList.js"');
    const own = html.indexOf('src="vscode-webview://abc/logs.js"');
    assert.ok(shared > 0 && own > shared, html);
  });

  it('escapes the title and the URIs', () => {
    const html = tracesPageHtml({ ...parts, styleUri: 'x" onload="y' });
    assert.ok(html.includes('<title>Logs &#38; more</title>'), html);
    assert.ok(!html.includes('x" onload'));
  });

  it('names shared scripts that media/traces holds (the package ships them)', () => {
    for (const s of SHARED_SCRIPTS) assert.ok(existsSync(join(__dirname, '../../../../media/traces', s)), s);
  });
});
