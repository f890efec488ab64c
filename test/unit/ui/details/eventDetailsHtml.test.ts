import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eventDetailsHtml } from '../../../../src/ui/details/eventDetailsHtml';
import { escapeHtml } from '../../../../src/ui/webview/escapeHtml';
import { REPO_ROOT, SHARED_FIXTURES } from '../../../helpers/paths';

const fixtures = path.join(SHARED_FIXTURES);
const load = (rel: string) => JSON.parse(readFileSync(path.join(fixtures, rel), 'utf8')) as Record<string, unknown>;
const opts = { cspSource: 'vscode-webview://abc', nonce: 'N0nce123', styleUri: 'vscode-webview://abc/details.css', scriptUri: 'vscode-webview://abc/details.js' };

/** Everything between <body> and the page's own script tag: the part built from event data. */
function bodyOf(html: string): string {
  const start = html.indexOf('<body>');
  const end = html.lastIndexOf('<script nonce=');
  return html.slice(start, end);
}

describe('eventDetailsHtml', () => {
  it('escapes a hostile message so it shows as text', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const html = eventDetailsHtml(
      {
        event_id: 'a'.repeat(32),
        message: hostile,
        level: 'error',
        tags: { '<b>k</b>': '"><script>alert(2)</script>' },
        extra: { payload: '</pre><svg onload=alert(3)>' },
        user: { email: "x'onmouseover='alert(4)" },
        exception: { values: [{ type: 'Error<x>', value: hostile, stacktrace: { frames: [{ function: '<f>', filename: 'a"b.js', lineno: 3, context_line: '<script>evil()</script>', in_app: true }] } }] },
      },
      opts,
    );
    const body = bodyOf(html);
    assert.ok(!/<img|<script|<svg|<b>/i.test(body), 'no markup from the event survives');
    assert.ok(body.includes('&#60;img src=x onerror=alert(1)&#62;'), 'the message is shown as text');
    assert.ok(!/onmouseover='/.test(body), 'quotes cannot break out of attributes');
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'the only script is the page script');
  });

  it('declares a strict CSP with the nonce and the webview source only', () => {
    const html = eventDetailsHtml({ message: 'hi' }, opts);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.equal(
      csp.replace(/&#39;/g, "'"),
      "default-src 'none'; style-src vscode-webview://abc 'nonce-N0nce123'; script-src 'nonce-N0nce123'; img-src vscode-webview://abc",
    );
    assert.ok(html.includes('<script nonce="N0nce123" src="vscode-webview://abc/details.js">'));
    assert.ok(!/https?:\/\//.test(html), 'no remote content');
  });

  it('shows the exception chain raised first, frames innermost first with context lines, and every section of a real Python event', () => {
    const html = eventDetailsHtml(load('samples/python-modern.json'), opts);
    for (const id of ['exceptions', 'tags', 'contexts', 'user', 'request', 'breadcrumbs', 'extra', 'sdk']) {
      assert.ok(html.includes(`id="${id}"`), `section ${id}`);
    }
    assert.ok(html.includes('This is an example breadcrumb'));
    assert.ok(html.includes('class="hit"'), 'the frame line is highlighted');
    const links = [...html.matchAll(/data-exception="(-?\d+)" data-frame="(\d+)"/g)].map((m) => Number(m[2]));
    assert.ok(links.length > 1);
    assert.deepEqual(links, [...links].sort((a, b) => b - a), 'innermost (highest index) first');
  });

  it('puts the raised exception before its cause', () => {
    const html = eventDetailsHtml(
      {
        exception: {
          values: [
            { type: 'KeyError', value: 'cause', stacktrace: { frames: [{ function: 'inner' }] } },
            { type: 'ValueError', value: 'raised', stacktrace: { frames: [{ function: 'outer' }] } },
          ],
        },
      },
      opts,
    );
    assert.ok(html.indexOf('ValueError') < html.indexOf('KeyError'));
    assert.ok(html.includes('data-exception="1" data-frame="0"'), 'links keep the event\'s own exception index');
  });

  it('shows a breadcrumb time as local time of day (the date when not today), the value as sent in its hover', () => {
    const event = {
      event_id: 'a'.repeat(32),
      message: 'x',
      breadcrumbs: {
        values: [
          { timestamp: 1796690511.048, category: 'cart', message: 'added 3 mugs' },
          { timestamp: '2026-12-07T23:59:58.120Z', category: 'nav', message: 'yesterday' },
          { timestamp: 'not a time', category: 'odd', message: 'kept as sent' },
        ],
      },
    };
    const now = Date.parse('2026-12-08T03:00:00Z');
    const html = bodyOf(eventDetailsHtml(event, { ...opts, now, timeZone: 'UTC' }));
    assert.ok(html.includes('<time title="1796690511.048">00:41:51.048</time>'), html);
    assert.ok(html.includes('<time title="2026-12-07T23:59:58.120Z">2026-12-07 23:59:58.120</time>'), html);
    assert.ok(html.includes('<td>not a time</td>'), 'a value that is not a time is shown as sent');
    assert.ok(!html.includes('>1796690511.048<'), 'the raw epoch seconds are not the text');
  });

  it('reads the REST API event shape (entries[]) for request and breadcrumbs', () => {
    const html = eventDetailsHtml(load('api/example-issue-event-latest.json'), opts);
    assert.ok(html.includes('https://sentry.io/organizations/hellboy-meowmeow/issues/'), 'request url from entries[]');
    assert.ok(html.includes('/api/0/internal/health/'), 'breadcrumb data from entries[]');
    assert.ok(!html.includes('undefined'));
  });

  it('escapeHtml covers the characters that matter', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&\``), '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#96;');
    assert.equal(escapeHtml(undefined), '');
    assert.equal(escapeHtml(42), '42');
  });
});

describe('parseDetailsMessage', () => {
  it('accepts the two messages the page sends', async () => {
    const { parseDetailsMessage } = await import('../../../../src/ui/details/detailsMessage');
    assert.deepEqual(parseDetailsMessage({ type: 'copyJson' }), { ok: true, value: { type: 'copyJson' } });
    assert.deepEqual(parseDetailsMessage({ type: 'debugEvent' }), { ok: true, value: { type: 'debugEvent' } });
    assert.deepEqual(parseDetailsMessage({ type: 'openFrame', exception: -1, frame: 3 }), { ok: true, value: { type: 'openFrame', exception: -1, frame: 3 } });
  });

  it('refuses anything else with a reason', async () => {
    const { parseDetailsMessage } = await import('../../../../src/ui/details/detailsMessage');
    for (const bad of [null, 'copyJson', { type: 'runCommand', command: 'workbench.action.terminal.new' }, { type: 'openFrame', exception: '0', frame: 1 }, { type: 'openFrame', exception: 0, frame: 1.5 }, { type: 'openFrame', exception: 0, frame: -2 }, { type: 'copyJson', extra: 1 }, { type: 'debugEvent', eventId: 'x' }]) {
      const r = parseDetailsMessage(bad);
      assert.equal(r.ok, false, JSON.stringify(bad));
      if (!r.ok) assert.match(r.reason, /unexpected message from the event details view/);
    }
  });
});

describe('details page script', () => {
  it('never turns text into markup and only posts the three known messages', () => {
    const script = readFileSync(path.join(REPO_ROOT, 'media/details/details.js'), 'utf8');
    assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/.test(script), 'no markup sinks');
    const posted = [...script.matchAll(/type: '([a-zA-Z]+)'/g)].map((m) => m[1]);
    assert.deepEqual(posted.sort(), ['copyJson', 'debugEvent', 'openFrame']);
  });
});

describe('eventDetailsHtml: frame variables', () => {
  it('lists each frame\'s variables as text, in the order sent, long values cut with their length said', () => {
    const html = eventDetailsHtml(
      {
        exception: {
          values: [
            {
              type: 'ValueError',
              stacktrace: {
                frames: [{ function: 'f', filename: 'a.py', lineno: 1, in_app: true, vars: { zeta: "'z'", alpha: '<b>bold</b>', big: 'y'.repeat(5_000), nested: { k: [1, 2] } } }],
              },
            },
          ],
        },
      },
      opts,
    );
    const body = bodyOf(html);
    assert.match(body, /<summary>Variables \(4\)<\/summary>/);
    const names = [...body.matchAll(/<tr><th>(zeta|alpha|big|nested)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(names, ['zeta', 'alpha', 'big', 'nested']);
    assert.ok(!body.includes('<b>bold</b>'));
    assert.ok(body.includes(escapeHtml('<b>bold</b>')));
    assert.ok(body.includes('… (5,000 characters)'));
    assert.ok(!body.includes('y'.repeat(1_001)));
  });

  it('offers Debug Event beside Copy as JSON', () => {
    assert.match(eventDetailsHtml({ message: 'hi' }, opts), /<button id="debug-event" type="button"[^>]*>Debug Event<\/button>/);
  });
});
