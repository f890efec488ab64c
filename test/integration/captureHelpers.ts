import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '../../src/capture/kinds/events/eventStore';
import { CaptureListener, type CaptureListenerOptions } from '../../src/capture/listener/listener';
import { DurableTelemetryStore, TELEMETRY_KINDS, telemetryStoreBounds } from '../../src/capture/kinds/durableTelemetryStore';
import type { TelemetryStoreApi } from '../../src/capture/kinds/telemetryStore';
import type { Logger } from '../../src/util/logger';

export const repoRoot = join(__dirname, '../..');
export const fixtures = join(__dirname, '../../../shared/fixtures');

export interface Harness {
  dir: string;
  store: EventStore;
  /** Where the listener keeps spans and logs. */
  telemetry: TelemetryStoreApi;
  listener: CaptureListener;
  port: number;
  base: string;
  lines: string[];
  close(): Promise<void>;
}

/** A store in a fresh temp dir and a listener on 127.0.0.1, port 0. */
export async function startHarness(opts: Partial<Omit<CaptureListenerOptions, 'store'>> = {}, maxEvents = 10_000): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'sentry-lens-capture-'));
  const bounds = { maxTraces: 2000, maxLogs: 100_000 };
  const store = await EventStore.open(dir, { maxEvents, kinds: TELEMETRY_KINDS, bounds: telemetryStoreBounds(bounds) });
  const lines: string[] = [];
  const logger: Logger = { trace: (m) => lines.push(m), debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  const telemetry = new DurableTelemetryStore(store.records, bounds);
  const listener = new CaptureListener({ store, telemetry, logger, ...opts });
  const started = await listener.start({ host: '127.0.0.1', port: 0 });
  if (!started.ok) throw new Error(started.reason);
  return {
    dir,
    store,
    telemetry,
    listener,
    port: started.value.port,
    base: started.value.url,
    lines,
    async close() {
      await listener.stop();
      listener.dispose();
      telemetry.dispose();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a script file in a child process and resolves with its output (rejects on a non-zero exit). */
export function runScript(cmd: string, args: string[], timeoutMs = 30_000): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: repoRoot, timeout: timeoutMs, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} failed: ${err.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

export function writeTemp(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

export { waitFor } from '../helpers/waitFor';

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
