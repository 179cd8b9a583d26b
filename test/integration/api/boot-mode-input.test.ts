// Boot mode and Secure Boot inputs through the API, as Ironic checks them in the boot and deploy
// interfaces' validate: a bad value, or Secure Boot asked of a BIOS boot, is a 400 at deploy and a
// failed boot/deploy entry in GET validate, each naming the node and the key. A deploy with good
// values goes ahead.
import { expect } from 'chai';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { until } from '../../helpers/until.js';

describe('API: boot mode and Secure Boot inputs are checked at validate and deploy', function () {
  this.timeout(60_000);
  const L = { version: 'latest' };
  let api: ApiHarness;

  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api?.stop();
  });

  const nodeState = async (uuid: string) => (await api.call('GET', `/v1/nodes/${uuid}`, undefined, L)).body as Record<string, any>;

  async function availableNode(name: string, properties: Record<string, unknown>, instance_info: Record<string, unknown>): Promise<string> {
    const n = (await api.call('POST', '/v1/nodes', { driver: 'fake-hardware', name, properties, instance_info }, L)).body;
    for (const [target, state] of [
      ['manage', 'manageable'],
      ['provide', 'available'],
    ] as const) {
      await api.call('PUT', `/v1/nodes/${n.uuid}/states/provision`, { target }, L);
      await until(state, 20_000, async () => (await nodeState(n.uuid as string)).provision_state === state);
    }
    return n.uuid as string;
  }

  const IMAGE = { image_source: 'http://img.example/disk.raw' };
  const cases: { name: string; properties: Record<string, unknown>; instance_info: Record<string, unknown>; message: RegExp }[] = [
    {
      name: 'bad-boot-mode-cap',
      properties: { capabilities: 'boot_mode:legacy' },
      instance_info: IMAGE,
      message: /boot_mode capability in properties\/capabilities is "legacy".*"uefi", "bios"/,
    },
    {
      name: 'bad-deploy-boot-mode',
      properties: {},
      instance_info: { ...IMAGE, deploy_boot_mode: 'efi' },
      message: /instance_info\/deploy_boot_mode is "efi"/,
    },
    {
      name: 'bad-secure-boot-cap',
      properties: {},
      instance_info: { ...IMAGE, capabilities: { secure_boot: 'on' } },
      message: /secure_boot capability in instance_info\/capabilities is "on".*"true", "false"/,
    },
    {
      name: 'secure-boot-on-bios',
      properties: { capabilities: 'boot_mode:bios,secure_boot:true' },
      instance_info: IMAGE,
      message: /secure_boot:true capability in properties\/capabilities needs UEFI.*boot_mode:uefi/,
    },
  ];

  for (const c of cases) {
    it(`${c.name}: deploy is a 400 naming the node and the key, and validate fails boot and deploy`, async () => {
      const uuid = await availableNode(c.name, c.properties, c.instance_info);
      const deploy = await api.call('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'active' }, L);
      expect(deploy.status).to.equal(400);
      expect(deploy.message).to.include(uuid).and.match(c.message);
      expect((await nodeState(uuid)).provision_state).to.equal('available');
      const validate = (await api.call('GET', `/v1/nodes/${uuid}/validate`, undefined, L)).body as Record<string, any>;
      for (const kind of ['boot', 'deploy']) {
        expect(validate[kind].result, kind).to.equal(false);
        expect(validate[kind].reason, kind).to.match(c.message);
      }
      expect(validate.power.result).to.equal(true);
    });
  }

  it('good values deploy: Secure Boot on the UEFI default', async () => {
    const uuid = await availableNode(
      'secure-uefi',
      { capabilities: 'secure_boot:true' },
      { ...IMAGE, capabilities: { boot_mode: 'uefi' } },
    );
    const validate = (await api.call('GET', `/v1/nodes/${uuid}/validate`, undefined, L)).body as Record<string, any>;
    expect([validate.boot.result, validate.deploy.result]).to.deep.equal([true, true]);
    const deploy = await api.call('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'active' }, L);
    expect(deploy.status, deploy.message).to.equal(202);
    await until('active', 20_000, async () => (await nodeState(uuid)).provision_state === 'active');
  });
});
