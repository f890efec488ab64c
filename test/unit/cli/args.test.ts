import { strict as assert } from 'node:assert';
import { parseArgs, formatFlagHelp } from '../../../src/cli/args';

const specs = {
  dsn: { kind: 'string', valueName: 'DSN', help: 'the DSN' },
  message: { kind: 'string', short: 'm', valueName: 'MESSAGE', help: 'the message' },
  tag: { kind: 'list', short: 't', valueName: 'KEY:VALUE', help: 'a tag' },
  json: { kind: 'boolean', help: 'print JSON' },
} as const;

function parsed(argv: string[]) {
  const r = parseArgs(argv, specs);
  if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
  return r.value;
}

function reason(argv: string[]): string {
  const r = parseArgs(argv, specs);
  assert.equal(r.ok, false, `expected a failure for ${JSON.stringify(argv)}`);
  return r.ok ? '' : r.reason;
}

describe('parseArgs', () => {
  it('reads long, short, --flag=value, -fvalue and -f=value forms', () => {
    const a = parsed(['--dsn', 'http://k@h/1', '-m', 'hello', '--tag=a:b', '-tc:d', '-t=e:f', '--json']);
    assert.equal(a.flags.dsn, 'http://k@h/1');
    assert.equal(a.flags.message, 'hello');
    assert.deepEqual(a.flags.tag, ['a:b', 'c:d', 'e:f']);
    assert.equal(a.flags.json, true);
    assert.equal(a.help, false);
    assert.deepEqual(a.positionals, []);
  });

  it('gives defaults for absent options', () => {
    const a = parsed([]);
    assert.equal(a.flags.dsn, undefined);
    assert.deepEqual(a.flags.tag, []);
    assert.equal(a.flags.json, false);
  });

  it('keeps repeated list options in order and values containing "="', () => {
    const a = parsed(['-t', 'x:1', '--tag', 'y:2', '--message=a=b']);
    assert.deepEqual(a.flags.tag, ['x:1', 'y:2']);
    assert.equal(a.flags.message, 'a=b');
  });

  it('collects positionals and everything after --', () => {
    const a = parsed(['one', '-m', 'x', '--', '--json', '-t']);
    assert.deepEqual(a.positionals, ['one', '--json', '-t']);
    assert.equal(a.flags.json, false);
  });

  it('accepts negative numbers as values', () => {
    assert.equal(parsed(['-m', '-5']).flags.message, '-5');
  });

  it('reports --help and -h even next to bad options', () => {
    assert.equal(parsed(['--help']).help, true);
    assert.equal(parsed(['-h']).help, true);
    assert.equal(parsed(['--bogus', '--help']).help, true);
    assert.equal(parsed(['--', '--help']).help, false);
  });

  it('explains every mistake', () => {
    assert.equal(reason(['--bogus']), 'unknown option --bogus');
    assert.equal(reason(['-x']), 'unknown option -x');
    assert.equal(reason(['--dsn']), 'option --dsn needs a value (DSN)');
    assert.equal(reason(['-m', '--json']), 'option --message (-m) needs a value (MESSAGE)');
    assert.equal(reason(['--json=yes']), 'option --json takes no value');
    assert.equal(reason(['--dsn', 'a', '--dsn', 'b']), 'option --dsn was given more than once');
    assert.equal(reason(['--__proto__', 'x']), 'unknown option --__proto__');
  });

  it('formats aligned help lines', () => {
    const help = formatFlagHelp(specs);
    assert.match(help, /^ {2}-m, --message MESSAGE {2,}the message$/m);
    assert.match(help, /--tag KEY:VALUE +a tag \(repeatable\)$/m);
    assert.match(help, /-h, --help +show this help$/m);
  });
});
