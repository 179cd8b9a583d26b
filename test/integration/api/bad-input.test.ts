// Table of bad requests: each must get a 4xx with a readable message in Ironic's error shape,
// never a 500.
import { expect } from 'chai';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

interface Case {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  raw?: string;
  version?: string;
  status: number;
  message: RegExp;
}

describe('API: bad input', function () {
  let api: ApiHarness;
  let nodeUuid: string;
  before(async () => {
    api = await startApi();
    const n = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'taken' }, { version: 'latest' });
    nodeUuid = n.body.uuid;
    await api.call('POST', '/v1/ports', { address: '52:54:00:00:00:01', node_uuid: nodeUuid }, { version: 'latest' });
  });
  after(async () => {
    await api?.stop();
  });

  const cases: Case[] = [
    {
      name: 'malformed JSON',
      method: 'POST',
      path: '/v1/nodes',
      raw: '{"driver": "fake-hardware",',
      status: 400,
      message: /not valid JSON/,
    },
    { name: 'body not an object', method: 'POST', path: '/v1/nodes', body: ['x'], status: 400, message: /must be a JSON object/ },
    {
      name: 'unknown field',
      method: 'POST',
      path: '/v1/nodes',
      body: { driver: 'fake-hardware', colour: 'red' },
      status: 400,
      message: /Unknown attribute for node: "colour"/,
    },
    {
      name: 'field newer than the version',
      method: 'POST',
      path: '/v1/nodes',
      version: '1.49',
      body: { driver: 'fake-hardware', owner: 'x' },
      status: 406,
      message: /"owner" in node requires API version 1\.50/,
    },
    {
      name: 'wrong type',
      method: 'POST',
      path: '/v1/nodes',
      body: { driver: 'fake-hardware', properties: 'cpus=8' },
      status: 400,
      message: /"properties" must be of type object/,
    },
    { name: 'missing driver', method: 'POST', path: '/v1/nodes', body: { name: 'nodriver' }, status: 400, message: /needs a "driver"/ },
    { name: 'unknown driver', method: 'POST', path: '/v1/nodes', body: { driver: 'nope' }, status: 400, message: /nope/ },
    {
      name: 'bad node name',
      method: 'POST',
      path: '/v1/nodes',
      body: { driver: 'fake-hardware', name: 'has space' },
      status: 400,
      message: /Cannot use node name/,
    },
    {
      name: 'upper case name before 1.10',
      method: 'POST',
      path: '/v1/nodes',
      version: '1.9',
      body: { driver: 'fake-hardware', name: 'Upper' },
      status: 400,
      message: /lower-case host name/,
    },
    {
      name: 'duplicate name',
      method: 'POST',
      path: '/v1/nodes',
      body: { driver: 'fake-hardware', name: 'taken' },
      status: 409,
      message: /name taken already exists/,
    },
    {
      name: 'invalid MAC',
      method: 'POST',
      path: '/v1/ports',
      body: { address: '52:54:00:zz:00:01', node_uuid: 'NODE' },
      status: 400,
      message: /Expected a MAC address/,
    },
    {
      name: 'duplicate MAC',
      method: 'POST',
      path: '/v1/ports',
      body: { address: '52:54:00:00:00:01', node_uuid: 'NODE' },
      status: 409,
      message: /MAC address 52:54:00:00:00:01 already exists/,
    },
    {
      name: 'port for unknown node',
      method: 'POST',
      path: '/v1/ports',
      body: { address: '52:54:00:00:00:02', node_uuid: '5c9dcd04-2073-49bc-9618-99ae634d8971' },
      status: 400,
      message: /Node 5c9dcd04-2073-49bc-9618-99ae634d8971 could not be found.*node_uuid/,
    },
    {
      name: 'PATCH read-only field',
      method: 'PATCH',
      path: '/v1/nodes/NODE',
      body: [{ op: 'replace', path: '/uuid', value: '11111111-1111-1111-1111-111111111111' }],
      status: 400,
      message: /'\/uuid' is an internal attribute/,
    },
    { name: 'PATCH not a list', method: 'PATCH', path: '/v1/nodes/NODE', body: { name: 'x' }, status: 400, message: /JSON Patch/ },
    {
      name: 'PATCH bad op',
      method: 'PATCH',
      path: '/v1/nodes/NODE',
      body: [{ op: 'move', from: '/name', path: '/description' }],
      status: 400,
      message: /"move" is not supported/,
    },
    {
      name: 'PATCH remove missing key',
      method: 'PATCH',
      path: '/v1/nodes/NODE',
      body: [{ op: 'remove', path: '/properties/nothere' }],
      status: 400,
      message: /Could not apply the patch/,
    },
    {
      name: 'PATCH wrong type',
      method: 'PATCH',
      path: '/v1/nodes/NODE',
      body: [{ op: 'replace', path: '/maintenance', value: 'perhaps' }],
      status: 400,
      message: /"maintenance" must be of type boolean/,
    },
    {
      name: 'marker not found',
      method: 'GET',
      path: '/v1/nodes?marker=00000000-0000-0000-0000-000000000000',
      status: 404,
      message: /Marker 00000000-0000-0000-0000-000000000000 not found/,
    },
    { name: 'limit=-1', method: 'GET', path: '/v1/nodes?limit=-1', status: 400, message: /Limit must be a positive integer/ },
    { name: 'limit not a number', method: 'GET', path: '/v1/nodes?limit=ten', status: 400, message: /Limit must be a positive integer/ },
    {
      name: 'bad sort_key',
      method: 'GET',
      path: '/v1/nodes?sort_key=driver_info',
      status: 400,
      message: /sort_key value "driver_info" is an invalid field/,
    },
    { name: 'bad sort_dir', method: 'GET', path: '/v1/nodes?sort_dir=up', status: 400, message: /Invalid sort direction/ },
    { name: 'bad boolean filter', method: 'GET', path: '/v1/nodes?maintenance=maybe', status: 400, message: /must be a boolean/ },
    {
      name: 'unknown fields',
      method: 'GET',
      path: '/v1/nodes?fields=uuid,colour',
      status: 400,
      message: /Field\(s\) "colour" are not valid/,
    },
    {
      name: 'fields with detail',
      method: 'GET',
      path: '/v1/nodes?fields=uuid&detail=true',
      status: 400,
      message: /detail=True and fields/,
    },
    {
      name: 'version 1.999',
      method: 'GET',
      path: '/v1/nodes',
      version: '1.999',
      status: 406,
      message: /supported version range is: \[1.1, 1.82\]/,
    },
    {
      name: 'version abc',
      method: 'GET',
      path: '/v1/nodes',
      version: 'abc',
      status: 406,
      message: /Invalid value for X-OpenStack-Ironic-API-Version/,
    },
    { name: 'unknown node', method: 'GET', path: '/v1/nodes/no-such-node', status: 404, message: /Node no-such-node could not be found/ },
    {
      name: 'bad power target',
      method: 'PUT',
      path: '/v1/nodes/NODE/states/power',
      body: { target: 'explode' },
      status: 400,
      message: /Invalid power target "explode"/,
    },
    {
      name: 'power timeout too old',
      method: 'PUT',
      path: '/v1/nodes/NODE/states/power',
      version: '1.26',
      body: { target: 'power on', timeout: 5 },
      status: 406,
      message: /"timeout" in a power change requires API version 1\.27/,
    },
    {
      name: 'provision verb not allowed in state',
      method: 'PUT',
      path: '/v1/nodes/NODE/states/provision',
      body: { target: 'active' },
      status: 400,
      message: /.+/,
    },
    {
      name: 'bad boot device',
      method: 'PUT',
      path: '/v1/nodes/NODE/management/boot_device',
      body: { boot_device: 'floppy' },
      status: 400,
      message: /Invalid boot device "floppy"/,
    },
    {
      name: 'traits too old',
      method: 'GET',
      path: '/v1/nodes/NODE/traits',
      version: '1.36',
      status: 404,
      message: /does not exist in API version 1.36; it appeared in 1.37/,
    },
    { name: 'unknown path', method: 'GET', path: '/v1/widgets', status: 404, message: /could not be found/ },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.status}`, async () => {
      const path = c.path.replace('NODE', nodeUuid);
      const body = c.body === undefined ? undefined : JSON.parse(JSON.stringify(c.body).replace('"NODE"', JSON.stringify(nodeUuid)));
      const r = await api.call(c.method, path, body, { version: c.version ?? 'latest', raw: c.raw });
      expect(r.status, r.message ?? JSON.stringify(r.body)).to.equal(c.status);
      expect(r.body).to.have.property('error_message');
      const inner = JSON.parse(r.body.error_message);
      expect(inner).to.include.keys('faultstring', 'faultcode', 'debuginfo');
      expect(inner.faultcode).to.equal('Client');
      expect(r.message).to.match(c.message);
    });
  }
});
