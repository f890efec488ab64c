// Writes contributes.languageModelTools in package.json from the tools themselves (src/mcp): run
// `node --import tsx scripts/gen-lm-tools.ts` after changing a tool; test/unit/ui/agents keeps the two in sync.
import { readFileSync, writeFileSync } from 'node:fs';
import { lensTools } from '../src/mcp/tools/lensTools';
import { describeTool } from '../src/mcp/protocol/mcpServer';
const tools = lensTools({ data: {} as never, telemetry: {} as never, rest: { target: async () => undefined, howToConfigure: '' } });
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
pkg.contributes.languageModelTools = tools.map((t) => {
  const d = describeTool(t) as { inputSchema: unknown };
  return {
    name: `sentry-lens_${t.name}`,
    toolReferenceName: `sentry_${t.name}`,
    displayName: `Sentry: ${t.title}`,
    modelDescription: t.description,
    canBeReferencedInPrompt: true,
    icon: '$(bug)',
    inputSchema: d.inputSchema,
  };
});
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
console.log(tools.map((t) => t.name).join(' '));
