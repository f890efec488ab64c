import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandIds } from '../../../../src/ui/common/commandIds';
import { ContextKeys } from '../../../../src/ui/common/contextKeys';
import { statusMenuItems } from '../../../../src/ui/status/statusMenuItems';
import { initialStatus } from '../../../../src/ui/status/statusModel';
import { WALKTHROUGH_ID } from '../../../../src/ui/walkthrough/walkthroughId';

const root = join(__dirname, '../../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents: string[];
}

describe('the "Get started with Sentry Lens" walkthrough', () => {
  const w = (pkg.contributes.walkthroughs ?? []).find((x: { id: string }) => x.id === WALKTHROUGH_ID);
  const steps: Step[] = w?.steps ?? [];

  it('walks through capture, a frame, a test event and connecting Sentry, in that order', () => {
    assert.equal(w?.title, 'Get started with Sentry Lens');
    assert.deepEqual(
      steps.map((s) => s.id),
      ['copyLocalDsn', 'runSample', 'openFrame', 'sendTestEvent', 'connectSentry'],
    );
  });

  it('writes step titles and descriptions in what the walkthrough renders (links, bold, italics): no backticks', () => {
    // A step's description is not Markdown: `node app.js` showed with its backticks in the real VS Code.
    for (const s of steps) {
      assert.ok(!s.title.includes('`'), `${s.id} title: ${s.title}`);
      assert.ok(!s.description.includes('`'), `${s.id} description: ${s.description}`);
    }
    assert.match(steps.find((s) => s.id === 'runSample')!.description, /run \*\*node app\.js\*\* or \*\*python3 app\.py\*\*/);
  });

  it('completes each step by the real action: its command, or a context key the shell sets when it happened', () => {
    const commands = new Set(Object.values(CommandIds) as string[]);
    const keys = new Set(Object.values(ContextKeys) as string[]);
    const expected: Record<string, string> = {
      copyLocalDsn: `onCommand:${CommandIds.copyLocalDsn}`,
      runSample: `onContext:${ContextKeys.eventCaptured}`,
      openFrame: `onContext:${ContextKeys.frameOpened}`,
      sendTestEvent: `onContext:${ContextKeys.testEventSent}`,
      connectSentry: `onContext:${ContextKeys.apiEnabled}`,
    };
    for (const s of steps) {
      const e = expected[s.id]!;
      // A context step also waits for the walkthrough to be ready, for a walkthrough that registered after the key turned true.
      assert.deepEqual(s.completionEvents, e.startsWith('onContext:') ? [e, `${e} && ${ContextKeys.walkthroughReady}`] : [e], s.id);
      for (const ev of s.completionEvents) {
        const [kind, what] = ev.split(/:(.*)/s) as [string, string];
        if (kind === 'onCommand') assert.ok(commands.has(what), `${s.id}: ${what} is a command of ours`);
        else for (const k of what.split(' && ')) assert.ok(kind === 'onContext' && keys.has(k), `${s.id}: ${k} is a context key the shell sets`);
      }
    }
  });

  it('has packaged markdown media and buttons that run commands of ours for every step', () => {
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!media\/!\(screenshots\)\/\*\*$/m, 'media/walkthrough is packaged');
    const commands = new Set([...(Object.values(CommandIds) as string[]), 'workbench.view.extension.sentry', 'workbench.action.openSettings']);
    for (const s of steps) {
      assert.ok(s.media.markdown && existsSync(join(root, s.media.markdown)), `${s.id}: ${s.media.markdown}`);
      const buttons = [...s.description.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]!);
      assert.ok(buttons.length > 0, `${s.id} has a button`);
      for (const b of buttons) assert.ok(commands.has(b), `${s.id}: ${b}`);
    }
  });

  it('is opened by Sentry: Get Started, from the palette, the welcome view and the status-bar menu', () => {
    const cmd = pkg.contributes.commands.find((c: { command: string }) => c.command === CommandIds.getStarted);
    assert.equal(cmd?.category, 'Sentry');
    const welcome = pkg.contributes.viewsWelcome.find((v: { when: string }) => v.when === '!sentry.dsnSet && !sentry.capturing && !sentry.apiEnabled');
    assert.match(welcome.contents, /\[Get Started\]\(command:sentry\.getStarted\)/);
    assert.deepEqual(statusMenuItems(initialStatus())[0]!.action, { kind: 'command', command: CommandIds.getStarted });
  });
});
