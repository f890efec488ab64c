import { strict as assert } from 'node:assert';
import { commandPrelude } from '../../../src/cli/commandPrelude';
import type { CliIo } from '../../../src/cli/io';
import { SentryError } from '../../../src/sentry/errors';

const FLAGS = { name: { kind: 'string', short: 'n', valueName: 'NAME', help: 'a name' } } as const;

function io(): CliIo & { out: string; err: string } {
  const o = { out: '', err: '', env: {}, stdout: (s: string) => (o.out += s), stderr: (s: string) => (o.err += s) };
  return o;
}

describe('commandPrelude', () => {
  it('prints the usage and the options on --help and exits 0', () => {
    const x = io();
    const r = commandPrelude(['--help'], x, { name: 'demo', flags: FLAGS, usage: 'usage: sentry-lens demo\n\noptions:\n' });
    assert.deepEqual(r, { exit: 0 });
    assert.equal(x.out, 'usage: sentry-lens demo\n\noptions:\n  -n, --name NAME  a name\n  -h, --help       show this help\n');
    assert.equal(x.err, '');
  });

  it('reports bad arguments with the --help hint, or with the whole help, and exits 2', () => {
    const hint = io();
    assert.deepEqual(commandPrelude(['--bogus'], hint, { name: 'demo', flags: FLAGS, usage: 'U\n' }), { exit: 2 });
    assert.equal(hint.err, 'sentry-lens demo: unknown option --bogus\nRun "sentry-lens demo --help" for the options.\n');
    const help = io();
    assert.deepEqual(commandPrelude(['-n'], help, { name: 'demo', flags: FLAGS, usage: 'U\n', onBadArgs: 'help' }), { exit: 2 });
    assert.equal(help.err, 'sentry-lens demo: option --name (-n) needs a value (NAME)\n\nU\n  -n, --name NAME  a name\n  -h, --help       show this help\n');
    assert.equal(hint.out + help.out, '');
  });

  it('returns the flags, positionals and the error printers otherwise', () => {
    const x = io();
    const r = commandPrelude(['-n', 'a', 'file'], x, { name: 'demo', flags: FLAGS, usage: 'U\n' });
    assert.ok(!('exit' in r));
    assert.equal(r.flags.name, 'a');
    assert.deepEqual(r.positionals, ['file']);
    assert.equal(r.usageError('two files'), 2);
    assert.equal(r.failure('gone'), 1);
    assert.equal(r.failure('bad port', 2), 2);
    assert.equal(x.err, 'sentry-lens demo: two files\nRun "sentry-lens demo --help" for the options.\nsentry-lens demo: gone\nsentry-lens demo: bad port\n');
  });

  it('a thrown failure: ours print their sentence, anything else prints what it was and its cause (no Sentry log to point to)', () => {
    const x = io();
    const r = commandPrelude([], x, { name: 'demo', flags: FLAGS, usage: 'U\n' });
    assert.ok(!('exit' in r));
    assert.equal(r.failed(new SentryError('auth', 'the DSN was rejected (401)')), 1);
    assert.equal(x.err, 'sentry-lens demo: the DSN was rejected (401)\n');
    x.err = '';
    assert.equal(r.failed(new TypeError('x is not a function', { cause: new Error('inner') })), 1);
    assert.match(x.err, /^sentry-lens demo: unexpected failure: TypeError: x is not a function <- caused by: Error: inner\n\s+at /);
    assert.ok(!x.err.includes('details are in the Sentry log'));
  });
});

