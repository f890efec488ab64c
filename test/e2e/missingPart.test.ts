// A part missing from the installed extension fails with the clear sentence
// ("part of the extension (<file>) could not be loaded; reinstall Sentry
// Lens"), never a silent broken view: the lazy chunk (dist/lazy.js, which the
// Errors view needs for the store), the libraries it shares with the listener
// worker (dist/vendor.js) and the window's shell (dist/shell.js, which the
// entry requires right after activation) are deleted from the installed .vsix
// before VS Code starts.
import { strict as assert } from 'node:assert';
import { VsCodeSession, freePort } from './harness';

const sentence = (file: string) => new RegExp(`part of the extension \\(${file.replace('.', '\\.')}\\) could not be loaded; reinstall Sentry Lens`);

describe('e2e: a part missing from the installed extension', function () {
  for (const file of ['lazy.js', 'vendor.js']) {
    it(`without dist/${file} the Errors view says which part is missing and to reinstall`, async function () {
      const vsc = await VsCodeSession.start({
        settings: { 'sentry.capture.port': await freePort(), 'sentry.capture.autoStart': false },
        removeFromInstalled: [`dist/${file}`],
      });
      try {
        await vsc.openSentryView();
        const deadline = Date.now() + 60_000;
        let text = '';
        while (Date.now() < deadline) {
          text = await vsc.allDomText();
          if (sentence(file).test(text)) break;
          await vsc.page.waitForTimeout(500);
        }
        assert.match(text, sentence(file), 'the window never showed the missing-part sentence');
        assert.match(await vsc.waitForLog(sentence(file), 30_000), new RegExp(`cause: .*${file.replace('.', '\\.')}`));
      } finally {
        await vsc.close();
      }
    });
  }

  it('without dist/shell.js activation fails with a notification that says so', async function () {
    const vsc = await VsCodeSession.start({
      settings: { 'sentry.capture.port': await freePort(), 'sentry.capture.autoStart': false },
      removeFromInstalled: ['dist/shell.js'],
    });
    try {
      await vsc.waitForNotification(/Sentry Lens: part of the extension \(shell\.js\) could not be loaded; reinstall Sentry Lens/, 90_000);
    } finally {
      await vsc.close();
    }
  });
});
