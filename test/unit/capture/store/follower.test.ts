import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Follower } from '../../../../src/capture/store/follower';
import { silentLogger } from '../../../../src/util/logger';
import { waitFor } from '../../../helpers/waitFor';

describe('store follower', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sentry-lens-follow-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('notices writes to the watched files, and stops on dispose', async () => {
    writeFileSync(join(dir, 'events.log'), '');
    let notices = 0;
    const f = new Follower(dir, ['events.log'], 60_000, () => notices++, silentLogger);
    appendFileSync(join(dir, 'events.log'), 'x\n');
    await waitFor(() => notices > 0, 5000, 10);
    f.dispose();
    const after = notices;
    appendFileSync(join(dir, 'events.log'), 'y\n');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(notices, after);
  });

  it('polls as well, where watching misses writes', async () => {
    let notices = 0;
    const f = new Follower(dir, ['events.log'], 20, () => notices++, silentLogger);
    await waitFor(() => notices >= 3, 5000, 10);
    f.dispose();
  });

  it('polls alone when the directory cannot be watched', async () => {
    let notices = 0;
    const f = new Follower(join(dir, 'missing'), ['events.log'], 20, () => notices++, silentLogger);
    await waitFor(() => notices >= 2, 5000, 10);
    f.dispose();
  });
});
