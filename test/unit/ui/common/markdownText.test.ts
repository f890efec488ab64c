import { strict as assert } from 'node:assert';
import { markdownText } from '../../../../src/ui/common/markdownText';

/** What a Markdown renderer shows for text without syntax: the character references decoded. */
const decode = (md: string) => md.replace(/ {2}\n/g, '\n').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

describe('markdownText', () => {
  const samples = [
    'demo-shop@1.0.0',
    'see https://example.com/a_b and www.example.org or ftp://x.y',
    'mail ops@example.com now',
    '**bold** _em_ `code` [link](command:sentry.openEvent) <img src=x onerror=alert(1)> &amp; $(zap)',
    '# heading\n- item\n1. first\n> quote\n=== ',
    'TypeError: Cannot read properties of undefined (reading \'id\')',
  ];

  it('leaves nothing a renderer could turn into a link: no @, no scheme colon, no www-dot', () => {
    for (const s of samples) {
      const md = markdownText(s);
      assert.ok(!md.includes('@'), md);
      assert.ok(!/[a-z]:\/\//i.test(md) && !md.includes('://'), md);
      assert.ok(!/www\./i.test(md), md);
    }
    assert.equal(markdownText('demo-shop@1.0.0'), 'demo&#45;shop&#64;1&#46;0&#46;0');
  });

  it('leaves no Markdown or HTML syntax, and shows exactly the text', () => {
    for (const s of samples) {
      const md = markdownText(s);
      assert.ok(!/[*_`[\]()<>#!|~$\\-]/.test(md.replace(/&#\d+;/g, '')), md);
      assert.equal(decode(md), s);
    }
  });

  it('keeps letters, digits, spaces and non-ASCII text as they are; line breaks stay breaks', () => {
    assert.equal(markdownText('Zahlung fehlgeschlagen für Kunde 42'), 'Zahlung fehlgeschlagen für Kunde 42');
    assert.equal(markdownText('a\r\nb'), 'a  \nb');
  });
});
