import { strict as assert } from 'node:assert';
import { lensTools } from '../../../../src/mcp/tools/lensTools';
import { McpServer } from '../../../../src/mcp/protocol/mcpServer';

describe('mcp/REST tools while the REST API is not configured', () => {
  const howToConfigure = 'Run "Sentry: Set Auth Token" and set sentry.api.organization.';
  const tools = lensTools({ data: {} as never, rest: { target: async () => undefined, howToConfigure } });
  const server = new McpServer({ name: 't', version: '0' }, tools);

  it('search_issues and get_issue are offered and answer a tool error saying how to configure it', async () => {
    for (const [name, args] of [['search_issues', {}], ['get_issue', { issueId: 'PROJ-12' }]] as const) {
      const r = await server.call(tools.find((t) => t.name === name)!, args);
      assert.equal(r.isError, true, name);
      assert.equal(r.content[0]!.text, `The Sentry REST API is not configured, so Sentry's issues cannot be read. ${howToConfigure}`);
    }
  });

  it('bad arguments are refused before the configuration is looked at', async () => {
    const r = await server.call(tools.find((t) => t.name === 'search_issues')!, { limit: 0 });
    assert.deepEqual([r.isError, /^Invalid arguments for search_issues: limit: /.test(r.content[0]!.text)], [true, true]);
  });
});
