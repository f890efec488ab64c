import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { viewEvent } from '../../../../src/sentry/event/eventView';
import { frameDocumentText, frameLinesSource } from '../../../../src/ui/frames/frameDocumentText';
import { apiIssueRow, issueRow } from '../../../../src/ui/errors/issueRow';
import { SHARED_FIXTURES } from '../../../helpers/paths';

const fixtures = path.join(SHARED_FIXTURES);

describe('frame document and issue description text', () => {
  it('frameDocumentText numbers the context lines as in the original file and points at the frame line', () => {
    const event = JSON.parse(readFileSync(path.join(fixtures, 'samples/python-modern.json'), 'utf8'));
    const frames = viewEvent(event).exceptions.flatMap((e) => e.frames);
    const frame = frames.find((f) => f.contextLine !== undefined && f.preContext?.length && f.lineno !== undefined);
    assert.ok(frame, 'the fixture has a frame with context lines');
    const { text, line } = frameDocumentText(frame, 'no local file');
    const lines = text.split('\n');
    assert.ok(lines[0]!.includes(`${frame.absPath ?? frame.filename}:${frame.lineno}`));
    assert.ok(lines[1]!.startsWith('# ') && lines[1]!.includes('no local file'), 'a Python comment for a Python file');
    assert.ok(lines[line]!.includes(`${frame.lineno} >`), 'the marked line carries the frame line number');
    assert.ok(lines[line]!.endsWith(frame.contextLine!));
    assert.ok(lines[line - 1]!.trimStart().startsWith(String(frame.lineno! - 1)));
  });

  it('frameDocumentText says so when the event has no source lines', () => {
    const { text, line } = frameDocumentText({ filename: 'app.js', lineno: 3 }, 'why');
    assert.ok(text.split('\n')[line]!.includes('no source lines'));
    assert.ok(text.startsWith('// app.js:3'));
  });

  it('frameDocumentText of a frame from a pasted trace speaks of the trace, never of an event', () => {
    const bare = frameDocumentText({ absPath: '/srv/app/main.py', lineno: 7, function: 'main' }, 'why', 'text');
    assert.equal(bare.text.split('\n')[bare.line], '(the stack trace prints no source line for this frame)');
    const printed = frameDocumentText({ absPath: '/srv/app/main.py', lineno: 7, contextLine: 'place_all(orders)' }, 'why', 'text');
    assert.equal(printed.text.split('\n')[printed.line], '7 > place_all(orders)');
    for (const d of [bare, printed]) assert.ok(!/event/i.test(d.text), d.text);
    assert.equal(frameLinesSource('text'), 'the source line printed in the stack trace');
    assert.equal(frameLinesSource(undefined), "the event's context lines");
  });

  it('issueRow puts count, age and environment before the title, the release after', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    const title = 'RangeError: unknown discount code SPRING in applyDiscount while checking out the cart';
    const row = issueRow(title, { count: 3, lastSeen: now - 120_000, environments: ['production'], releases: ['demo-shop@1.0.0', 'demo-shop@1.1.0'] }, now);
    assert.equal(row.label, `×3 · 2 min ago · production — ${title}`);
    assert.equal(row.description, 'demo-shop@1.1.0');
    // What the default sidebar width shows of a row (about 35 characters after the icon): the essentials.
    assert.ok(row.label.slice(0, 35).includes('×3 · 2 min ago · production'), row.label);
    assert.equal(issueRow('x', { count: 1, lastSeen: now, environments: [], releases: [] }, now).label, '×1 · just now — x');
    assert.equal(issueRow('x', { count: 9, lastSeen: now, environments: ['a', 'b', 'c'] }, now).label, '×9 · just now · a, b… — x');
  });

  it('apiIssueRow puts count and age before the title, the short id after', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    assert.deepEqual(apiIssueRow({ title: 'TimeoutError: payment gateway did not answer', shortId: 'SHOP-3', count: 12, lastSeen: now - 3_600_000 }, now), {
      label: '×12 · 1 h ago — TimeoutError: payment gateway did not answer',
      description: 'SHOP-3',
    });
    assert.equal(apiIssueRow({ title: 't', shortId: 'S-1', count: 1, lastSeen: undefined }, now).label, '×1 — t');
  });
});
