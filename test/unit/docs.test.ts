// docs/ and the README link each other, the screenshots and the bench notes by
// relative path: every link must lead to a file that exists, and a link to a
// heading (`file.md#heading`) to a heading that exists, as GitHub names it.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { REPO_ROOT } from '../helpers/paths';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? markdownFiles(p) : p.endsWith('.md') ? [p] : [];
  });
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsIn(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
}

/** Relative links of a Markdown file (code blocks and inline code left out). */
function linksIn(file: string): Array<{ target: string; anchor: string | undefined }> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, (m) => (m.includes('](') ? m : '``'));
  return [...text.matchAll(/\]\(([^)\s]*)\)/g)]
    .map((m) => m[1]!)
    .filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l))
    .map((l) => {
      const [target, anchor] = l.split('#');
      return { target: target!, anchor };
    });
}

const files = [join(REPO_ROOT, 'README.md'), join(REPO_ROOT, 'CHANGELOG.md'), ...markdownFiles(join(REPO_ROOT, 'docs'))].filter(existsSync);

describe('docs: links between the pages', () => {
  it('finds the pages', () => {
    assert.ok(files.length >= 10, files.map((f) => relative(REPO_ROOT, f)).join(', '));
  });

  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const { target, anchor } of linksIn(file)) {
        const dest = target ? join(dirname(file), target) : file;
        const where = `${relative(REPO_ROOT, file)} → ${target}${anchor ? `#${anchor}` : ''}`;
        if (!existsSync(dest)) broken.push(`${where} (no such file)`);
        else if (anchor && dest.endsWith('.md') && !anchorsIn(dest).has(anchor)) broken.push(`${where} (no such heading)`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('names GitHub anchors as GitHub does', () => {
    assert.equal(anchorOf('Marks at the failing lines'), 'marks-at-the-failing-lines');
    assert.equal(anchorOf('Debug Event: replay an event in the debugger'), 'debug-event-replay-an-event-in-the-debugger');
    assert.equal(anchorOf('`sentry.capture.*`'), 'sentrycapture');
    assert.equal(anchorOf('Agents (MCP)'), 'agents-mcp');
  });
});
