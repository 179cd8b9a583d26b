// The agent's protocol calls as the agent makes them (lookup, heartbeat), and nodes put straight
// into an agent state through the store: shared by the core-side protocol tests.
import type { ProvisionState } from '../../../core/states/provision-states.js';
import { expect } from 'chai';
import type { ApiHarness } from '../../helpers/api-harness.js';

export const V = { version: 'latest' };
export const CALLBACK = 'http://127.0.0.1:9999';
let macSeq = 0x10;
const nextMac = () => `52:54:00:ab:cd:${(macSeq++).toString(16).padStart(2, '0')}`;

/** A fake-hardware node with one port, put straight into `state` (see the header comment). */
export async function nodeIn(api: ApiHarness, state: ProvisionState): Promise<{ uuid: string; mac: string }> {
  const created = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware' }, V);
  expect(created.status, created.message).to.equal(201);
  const mac = nextMac();
  const port = await api.call('POST', '/v1/ports', { node_uuid: created.body.uuid, address: mac }, V);
  expect(port.status, port.message).to.equal(201);
  const row = await api.server.store.nodes.getByIdent(created.body.uuid);
  await api.server.store.nodes.update(row.id, { provision_state: state });
  return { uuid: created.body.uuid, mac };
}

export const lookup = (api: ApiHarness, query: string, headers?: Record<string, string>) =>
  api.call('GET', `/v1/lookup?${query}`, undefined, { headers });
export const heartbeat = (api: ApiHarness, uuid: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  api.call(
    'POST',
    `/v1/heartbeat/${uuid}`,
    { callback_url: CALLBACK, agent_version: '0.1.0', agent_status: 'start', ...body },
    { headers },
  );
export const internalInfo = async (api: ApiHarness, uuid: string) => (await api.server.store.nodes.getByIdent(uuid)).driver_internal_info;
