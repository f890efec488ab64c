import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import { frameDocumentText } from '../../../../src/ui/frames/frameDocumentText';
import { FRAME_CONTEXT_LANGUAGE, frameContextPath, plainDocumentPath } from '../../../../src/ui/frames/frameContextPath';
import { REPO_ROOT } from '../../../helpers/paths';

const root = join(REPO_ROOT);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('the document of a frame with no local file', () => {
  const language = (pkg.contributes.languages ?? []).find((l: { id: string }) => l.id === FRAME_CONTEXT_LANGUAGE);

  it('is in a language of its own, which its path gets before the file extension counts', () => {
    assert.ok(language, 'package.json contributes the language');
    const path = frameContextPath(3, '/srv/app/lib/nothere.js');
    assert.equal(path.split('/').pop(), 'nothere.js', 'the tab shows the frame file name');
    assert.ok(language.filenamePatterns.some((p: string) => matchesGlob(path, p)), path);
    assert.ok(!language.filenamePatterns.some((p: string) => matchesGlob(plainDocumentPath(4, 'frame-resolution.txt'), p)));
    assert.ok(!language.filenamePatterns.some((p: string) => matchesGlob('/home/me/app/lib/nothere.js', p)));
    assert.equal(language.extensions, undefined, 'no file of a workspace is taken by it');
  });

  it('is coloured by a grammar that embeds the grammar of the file type its header names', () => {
    const g = (pkg.contributes.grammars ?? []).find((x: { language: string }) => x.language === FRAME_CONTEXT_LANGUAGE);
    assert.ok(g && existsSync(join(root, g.path)), 'the grammar file is packaged');
    const grammar = JSON.parse(readFileSync(join(root, g.path), 'utf8'));
    assert.equal(grammar.scopeName, g.scopeName);
    const embedded = (header: string) =>
      grammar.patterns
        .filter((p: { begin?: string }) => p.begin && new RegExp(p.begin.replace('\\A', '^')).test(header))
        .map((p: { patterns: Array<{ include: string }> }) => grammar.repository[p.patterns[1]!.include.slice(1)].patterns[0].include)[0];
    const header = (file: string) => frameDocumentText({ absPath: file, lineno: 3, contextLine: 'x' }, 'why').text.split('\n')[0]!;
    assert.equal(embedded(header('/srv/app/lib/nothere.js')), 'source.js');
    assert.equal(embedded(header('/srv/app/lib/view.tsx')), 'source.tsx');
    assert.equal(embedded(header('/srv/app/lib/view.ts')), 'source.ts');
    assert.equal(embedded(header('/srv/app/billing.py')), 'source.python');
    assert.equal(embedded(header('/srv/app/README')), undefined, 'an unknown type stays plain');
    const line = frameDocumentText({ absPath: '/a.js', lineno: 12, contextLine: 'throw e;', preContext: ['a'] }, 'why').text.split('\n')[4]!;
    assert.match(line, new RegExp(grammar.repository['js-line'].begin), 'the numbered lines are what the grammar colours');
  });
});
