// [nova] send_power_notifications: a power change of a node with an instance reaches Nova as a
// "power-update" external event. Nova is played by a recording HTTP endpoint in this test; each
// body is checked against Nova's own JSON schema (python3-nova, create_v276) with jsonschema.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { until } from '../../helpers/until.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

interface Recorded {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * Validates each [body, schema] pair with Nova's server_external_events schemas (one Python run:
 * importing nova takes seconds); per pair, '' when valid or the first error message.
 */
function novaSchemaErrors(checks: [unknown, string][]): string[] {
  const script = [
    'import json, sys, jsonschema',
    'from nova.api.openstack.compute.schemas import server_external_events as s',
    'out = []',
    'for body, schema in json.load(sys.stdin):',
    '    try:',
    '        jsonschema.validate(body, getattr(s, schema))',
    '        out.append("")',
    '    except jsonschema.ValidationError as e:',
    '        out.append(e.message)',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(
    execFileSync('/usr/bin/python3', ['-W', 'ignore', '-c', script], {
      input: JSON.stringify(checks),
      stdio: ['pipe', 'pipe', 'ignore'],
    }).toString(),
  );
}

describe('API: power notifications to Nova', function () {
  this.timeout(60_000);
  let api: ApiHarness;
  let nova: http.Server;
  let status = 200;
  const recorded: Recorded[] = [];
  const L = { version: 'latest' };

  before(async () => {
    nova = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => {
        data += c;
      });
      req.on('end', () => {
        recorded.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(data) });
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ events: [] }));
      });
    });
    await new Promise<void>((resolve) => nova.listen(0, '127.0.0.1', resolve));
    const port = (nova.address() as AddressInfo).port;
    api = await startApi({ nova: { url: `http://127.0.0.1:${port}/v2.1`, auth_type: 'token', token: 'tok-123' } });
  });
  after(async () => {
    await api?.stop();
    await new Promise((resolve) => nova?.close(resolve));
  });

  async function powerTo(uuid: string, target: string, expected: string) {
    expect((await api.call('PUT', `/v1/nodes/${uuid}/states/power`, { target }, L)).status).to.equal(202);
    await until(
      `power ${expected}`,
      10_000,
      async () => (await api.call('GET', `/v1/nodes/${uuid}/states`, undefined, L)).body.power_state === expected,
    );
  }

  it("posts power-update POWER_ON / POWER_OFF for a node with an instance, valid by Nova's schema", async () => {
    const instance = '0d7a8e4e-55b1-4a3e-9f0e-3c1f8f2b6a11';
    const node = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', instance_uuid: instance }, L);
    await powerTo(node.body.uuid, 'power on', 'power on');
    await powerTo(node.body.uuid, 'power off', 'power off');
    await until('two notifications', 10_000, () => recorded.length >= 2);
    expect(recorded.map((r) => r.path)).to.deep.equal(['/v2.1/os-server-external-events', '/v2.1/os-server-external-events']);
    expect(recorded.map((r) => r.body)).to.deep.equal([
      { events: [{ name: 'power-update', server_uuid: instance, tag: 'POWER_ON' }] },
      { events: [{ name: 'power-update', server_uuid: instance, tag: 'POWER_OFF' }] },
    ]);
    for (const r of recorded) {
      expect(r.headers['x-openstack-nova-api-version']).to.equal('2.76');
      expect(r.headers['x-auth-token']).to.equal('tok-123');
    }
    // The check itself bites: before 2.76 Nova's schema refuses power-update (hence the header),
    // and an extra key is refused at 2.76 too.
    const [on, off, before276, extraKey] = novaSchemaErrors([
      [recorded[0]!.body, 'create_v276'],
      [recorded[1]!.body, 'create_v276'],
      [recorded[0]!.body, 'create_v251'],
      [{ events: [{ ...recorded[0]!.body.events[0], extra: 1 }] }, 'create_v276'],
    ]);
    expect([on, off]).to.deep.equal(['', '']);
    expect(before276).to.match(/power-update/);
    expect(extraKey).to.match(/extra/);
  });

  it('sends nothing for a node without an instance, and a failing Nova does not block the change', async () => {
    recorded.length = 0;
    const plain = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware' }, L);
    await powerTo(plain.body.uuid, 'power on', 'power on');
    status = 500;
    const node = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', instance_uuid: '5b0f8b7e-1d7c-4a51-9b1e-0f0a6c2d9e33' }, L);
    await powerTo(node.body.uuid, 'power on', 'power on');
    const states = (await api.call('GET', `/v1/nodes/${node.body.uuid}/states`, undefined, L)).body;
    expect(states.last_error).to.equal(null);
    await until('the failing notification', 10_000, () => recorded.length >= 1);
    expect(recorded.map((r) => r.body.events[0].server_uuid)).to.deep.equal(['5b0f8b7e-1d7c-4a51-9b1e-0f0a6c2d9e33']);
  });
});
