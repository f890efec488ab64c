import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mcpEndpointOf } from '../../../../src/ui/agents/mcpEndpoint';
import { localMcpUrl } from '../../../../src/ui/capture/localDsn';

describe('ui/agents: the MCP server offered to VS Code', () => {
  it("is the running listener's /mcp, reached through loopback for a loopback or wildcard bind", () => {
    assert.equal(mcpEndpointOf({ state: 'listening', host: '127.0.0.1', port: 8969 }), 'http://127.0.0.1:8969/mcp');
    assert.equal(mcpEndpointOf({ state: 'listening', host: '0.0.0.0', port: 9001 }), 'http://127.0.0.1:9001/mcp');
    assert.equal(localMcpUrl('localhost', 9000), 'http://127.0.0.1:9000/mcp');
    assert.equal(localMcpUrl('fd00::5', 9000), 'http://[fd00::5]:9000/mcp');
  });

  it('is offered only while this window listens (a follower, a stopped or failed capture offers none)', () => {
    for (const s of [
      { state: 'stopped' },
      { state: 'starting', host: '127.0.0.1', port: 8969 },
      { state: 'follower', host: '127.0.0.1', port: 8969 },
      { state: 'portInUse', host: '127.0.0.1', port: 8969, reason: 'in use' },
      { state: 'failed', reason: 'no' },
    ] as const) {
      assert.equal(mcpEndpointOf(s), undefined, s.state);
    }
  });

  it('is contributed in package.json under the id the shell registers', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8'));
    const src = readFileSync(join(__dirname, '../../../../src/ui/agents/mcpServerDefinitions.ts'), 'utf8');
    const id = /MCP_PROVIDER_ID = '([^']+)'/.exec(src)?.[1];
    assert.deepEqual(pkg.contributes.mcpServerDefinitionProviders, [{ id, label: 'Sentry Lens' }]);
  });
});
