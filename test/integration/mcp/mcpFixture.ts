import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { FrameResolver } from '../../../src/source/resolver/frameResolver';
import { NODE_LOCALS_SCRIPT, PYTHON_LOCALS_SCRIPT } from '../../fixtures/replay/sdkScripts';
import { type Harness, repoRoot, runScript, startHarness, tempDir, writeTemp } from '../captureHelpers';

export interface SdkRuns {
  h: Harness;
  tmp: ReturnType<typeof tempDir>;
  resolver: FrameResolver;
  /** 1-based lines of the raise/throw in each program. */
  pyRaiseLine: number;
  jsThrowLine: number;
}

/**
 * A listener fed by real SDK runs: python3-sentry-sdk (project 7) and
 * @sentry/node (project 8) each raise a chained exception from programs in a
 * temp folder, which is the workspace the frames resolve against.
 */
export async function sdkRuns(opts: Parameters<typeof startHarness>[0] = {}): Promise<SdkRuns> {
  const h = await startHarness(opts);
  const tmp = tempDir('sentry-lens-mcp-');
  const py = writeTemp(tmp.path, 'orders.py', PYTHON_LOCALS_SCRIPT);
  const js = writeTemp(tmp.path, 'orders.mjs', NODE_LOCALS_SCRIPT);
  await runScript('/usr/bin/python3', [py, `http://public@127.0.0.1:${h.port}/7`]);
  await runScript(process.execPath, [js, `http://public@127.0.0.1:${h.port}/8`, join(repoRoot, 'package.json')]);
  const resolver = new FrameResolver({ roots: [tmp.path], mappings: [] });
  await resolver.buildIndex();
  const lineOf = (text: string, re: RegExp) => text.split('\n').findIndex((l) => re.test(l)) + 1;
  return { h, tmp, resolver, pyRaiseLine: lineOf(PYTHON_LOCALS_SCRIPT, /raise RuntimeError/), jsThrowLine: lineOf(NODE_LOCALS_SCRIPT, /throw new Error\('checkout failed/) };
}

export async function connect(transport: Transport): Promise<Client> {
  const client = new Client({ name: 'sentry-lens-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** The text of a tools/call answer, and whether it is a tool error. */
export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const r = await client.callTool({ name, arguments: args });
  const content = r.content as Array<{ type: string; text?: string }>;
  return { text: content.map((c) => c.text ?? '').join('\n'), isError: r.isError === true };
}
