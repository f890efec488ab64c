import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SentryApiClient } from '../../src/api/sentryApiClient';
import { topFrame, viewEvent } from '../../src/sentry/event/eventView';

const root = path.join(__dirname, '../..');

describe('api/fake Sentry started standalone (for the e2e suite)', () => {
  let child: ChildProcess | undefined;
  let dir: string;
  after(() => {
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints its URL and token, serves the configured frames and takes faults over HTTP', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'fake-sentry-'));
    const frames = path.join(dir, 'frames.json');
    writeFileSync(frames, JSON.stringify([{ absPath: path.join(dir, 'src/app.js'), filename: 'src/app.js', function: 'run', lineNo: 7, colNo: 3, inApp: true }]));
    child = spawn(process.execPath, ['--import', 'tsx', 'test/fake-sentry/cli.ts', '--port', '0', '--issues', '3', '--frames', frames, '--token', 'sntryu_e2e_fixed_token'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      child!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child!.stderr!.on('data', (c: Buffer) => void (err += c.toString()));
      child!.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    const info = JSON.parse(line) as { url: string; token: string; org: string; projects: string[] };
    assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(info.token, 'sntryu_e2e_fixed_token');
    const client = new SentryApiClient({ baseUrl: info.url, token: info.token });
    try {
      const { issues } = await client.listIssues({ org: info.org });
      assert.equal(issues.length, 3);
      const top = topFrame(viewEvent(await client.latestEvent(issues[0]!.id, { org: info.org })))!;
      assert.equal(top.absPath, path.join(dir, 'src/app.js'));
      assert.equal(top.lineno, 7);
      const res = await fetch(`${info.url}/__fake/faults`, { method: 'POST', body: JSON.stringify({ fault: { kind: 'server-error' }, times: 1 }) });
      assert.equal(res.status, 200);
      await assert.rejects(client.listIssues({ org: info.org }), (e: { kind?: string }) => e.kind === 'server');
      assert.equal((await client.listIssues({ org: info.org })).issues.length, 3);
    } finally {
      await client.close();
    }
  });
});
