import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { viewEvent } from '../../../../src/sentry/eventView';
import { frameDocumentText } from '../../../../src/ui/views/frameDocumentText';
import { issueDescription } from '../../../../src/ui/views/issueDescription';

const fixtures = path.join(__dirname, '../../../../../shared/fixtures');

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

  it('issueDescription skips missing parts', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    assert.equal(issueDescription({ count: 3, lastSeen: now - 120_000, environments: ['production'], releases: ['1.0', '1.1'] }, now), '×3 · 2 min ago · production · 1.1');
    assert.equal(issueDescription({ count: 1, lastSeen: now, environments: [], releases: [] }, now), '×1 · just now');
    assert.equal(issueDescription({ count: 9, lastSeen: now, environments: ['a', 'b', 'c'] }, now), '×9 · just now · a, b…');
  });
});
