/**
 * Records what the real SDKs send for the context scripts
 * (contextSdkScripts.ts), as the listener stores it, into
 * test/unit/sentry/search/sdk-events.json for the search unit tests.
 * Run again after changing the scripts: npx tsx test/helpers/recordSearchEvents.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runScript, startHarness, tempDir, writeTemp } from '../integration/captureHelpers';
import { NODE_CONTEXT_SCRIPT, PYTHON_CONTEXT_SCRIPT } from './contextSdkScripts';

async function main(): Promise<void> {
  const h = await startHarness();
  const tmp = tempDir('sentry-lens-record-');
  try {
    const dsn = `http://public@127.0.0.1:${h.port}/1`;
    await runScript('/usr/bin/python3', [writeTemp(tmp.path, 'context.py', PYTHON_CONTEXT_SCRIPT), dsn]);
    await runScript(process.execPath, [writeTemp(tmp.path, 'context.mjs', NODE_CONTEXT_SCRIPT), dsn, join(repoRoot, 'package.json')]);
    const events = h.store
      .list()
      .reverse()
      .map((e) => e.event);
    writeFileSync(join(repoRoot, 'test/unit/sentry/search/sdk-events.json'), `${JSON.stringify(events, null, 1)}\n`);
    console.log(`recorded ${events.length} events`);
  } finally {
    await h.close();
    tmp.remove();
  }
}

void main();
