import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lensTools } from '../../../../src/mcp/tools/lensTools';
import { describeTool } from '../../../../src/mcp/protocol/mcpServer';

// package.json's languageModelTools are written by scripts/gen-lm-tools.ts from the tools themselves;
// this keeps them from drifting apart (a renamed argument would otherwise reach agents only half).
describe('ui/agents: the language-model tools contributed match the tools', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8'));
  const contributed = pkg.contributes.languageModelTools as Array<{ name: string; modelDescription: string; inputSchema: unknown }>;
  const tools = lensTools({ data: {} as never, telemetry: {} as never, rest: { target: async () => undefined, howToConfigure: '' } });

  it('one contribution per tool, named sentry-lens_<tool>, with its description and input schema', () => {
    assert.deepEqual(contributed.map((c) => c.name), tools.map((t) => `sentry-lens_${t.name}`));
    for (const t of tools) {
      const c = contributed.find((x) => x.name === `sentry-lens_${t.name}`)!;
      assert.equal(c.modelDescription, t.description);
      assert.deepEqual(c.inputSchema, (describeTool(t) as { inputSchema: unknown }).inputSchema, t.name);
    }
  });

  it('registers exactly the names it contributes', () => {
    const src = readFileSync(join(__dirname, '../../../../src/ui/agents/languageModelTools.ts'), 'utf8');
    const names = JSON.parse(/const names = (\[[^\]]*\])/.exec(src)![1]!.replace(/'/g, '"')) as string[];
    assert.deepEqual(names, tools.map((t) => t.name));
  });
});
