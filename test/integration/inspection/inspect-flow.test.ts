// Inspection of a known ipmi node through its ramdisk: manageable → inspect → inspect wait; the
// agent's first heartbeat brings the inventory; the conductor updates properties, creates the
// missing ports (inspection.add_ports = all), applies the inspection rules (API and rules_file),
// powers off through the BMC → manageable. Real parts: in-process Tyr, SQLite, ipmitool against
// ipmi_sim (fake chassis). The test plays the ramdisk agent over the real HTTP endpoints (the
// agent needs a machine; test/e2e/discovery.test.ts runs the real one).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { QUICK_IPMI } from '../../helpers/ipmi-node.js';
import { until } from '../../helpers/until.js';
import { inventory } from '../../helpers/inventory-fixture.js';

const MAC = '52:54:00:15:00:01';
const SECOND = '52:54:00:15:00:02';
const GPU = { vendor_id: '10de', product_id: '1eb8' };

/** Inspection rules (Ironic 1.96) are beyond Tyr's maximum version: Tyr's clients opt in. */
const TYR = { headers: { 'X-Tyr-Extensions': '1' } };

describe('inspection of a known node through agent heartbeats (ipmi_sim, test plays the agent)', function () {
  this.timeout(90_000);
  let bmc: Bmc;
  let api: ApiHarness;
  let client: TyrClient;
  let uuid: string;
  let rulesDir: string;
  const waitFor = (state: string) =>
    client.nodes.waitForProvisionState(uuid, state, { timeoutMs: 30_000, pollIntervalMs: 100 }) as Promise<Record<string, any>>;

  /** The ramdisk boots in inspect wait: lookup (token), then the first heartbeat with the inventory. */
  async function agentReports(inv: Record<string, unknown> | undefined): Promise<void> {
    await waitFor('inspect wait');
    const lookup = await api.call('GET', `/v1/lookup?addresses=${MAC}`);
    expect(lookup.status, lookup.message).to.equal(200);
    const hb = await api.call('POST', `/v1/heartbeat/${uuid}`, {
      callback_url: 'http://127.0.0.1:9',
      agent_token: lookup.body.config.agent_token,
      agent_version: '0.1.0',
      ...(inv ? { inventory: inv } : {}),
    });
    expect(hb.status, hb.message).to.equal(202);
  }

  before(async () => {
    rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-rules-'));
    const rulesFile = path.join(rulesDir, 'rules.json');
    fs.writeFileSync(
      rulesFile,
      JSON.stringify([
        {
          description: 'big memory',
          conditions: [{ field: 'memory.physical_mb', op: 'gt', value: 3000 }],
          actions: [{ action: 'set-capability', name: 'mem', value: 'big' }],
        },
      ]),
    );
    bmc = await startBmc();
    api = await startApi({ ...QUICK_IPMI, inspection: { add_ports: 'all', rules_file: rulesFile } });
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    const created = await client.nodes.create({
      driver: 'ipmi',
      name: 'inspect-me',
      inspect_interface: 'agent',
      driver_info: { ...bmc.driverInfo(), deploy_kernel: 'tyr.kernel', deploy_ramdisk: 'tyr.initramfs' },
      properties: { cpus: 1, vendor_note: 'kept' },
    });
    uuid = created.uuid;
    expect(created.inspect_interface).to.equal('agent');
    await client.ports.create({ node_uuid: uuid, address: MAC });
    await client.nodes.setProvisionState(uuid, 'manage');
    await waitFor('manageable');
  });
  after(async () => {
    await api?.stop();
    await bmc?.stop();
    if (rulesDir) fs.rmSync(rulesDir, { recursive: true, force: true });
  });

  it("records properties, a new port for the second NIC, a rule's trait, and powers off → manageable", async () => {
    const rule = await api.call(
      'POST',
      '/v1/inspection_rules',
      {
        description: 'GPU',
        conditions: [{ field: 'pci_devices[*].vendor_id', op: 'eq', value: '10de' }],
        actions: [{ action: 'add-trait', name: 'CUSTOM_GPU' }],
      },
      TYR,
    );
    expect(rule.status, rule.message).to.equal(201);
    await client.nodes.setProvisionState(uuid, 'inspect');
    await waitFor('inspect wait');
    expect(bmc.powerState()).to.equal('on');
    expect(bmc.bootDevice()).to.equal('pxe');
    const inv = inventory({
      mac: MAC,
      second: { mac: SECOND, carrier: true },
      cpus: 4,
      memoryMb: 4096,
      pci: [GPU, { vendor_id: '1af4', product_id: '1000' }],
    });
    await agentReports(inv);
    const done = await waitFor('manageable');

    expect(done.properties).to.deep.equal({
      vendor_note: 'kept',
      cpu_arch: 'x86_64',
      cpus: 4,
      memory_mb: 4096,
      local_gb: 9,
      capabilities: 'boot_mode:bios,mem:big',
    });
    expect(done.power_state).to.equal('power off');
    expect(done.inspection_finished_at).to.be.a('string');
    expect(done.last_error).to.equal(null);
    expect(bmc.powerState()).to.equal('off');
    const ports = (await api.call('GET', `/v1/ports/detail?node=${uuid}`, undefined, { version: 'latest' })).body.ports;
    expect(ports.map((p: any) => p.address).sort()).to.deep.equal([MAC, SECOND]);
    expect(ports.find((p: any) => p.address === SECOND).pxe_enabled).to.equal(false);
    expect((await api.call('GET', `/v1/nodes/${uuid}/traits`, undefined, { version: 'latest' })).body.traits).to.deep.equal(['CUSTOM_GPU']);
    const stored = await api.call('GET', `/v1/nodes/${uuid}/inventory`, undefined, { version: 'latest' });
    expect(stored.body.inventory.cpu.count).to.equal(4);
  });

  it('answers "heartbeat" to a continue_inspection of a node in inspect wait, and the heartbeat finishes it', async () => {
    await client.nodes.setProvisionState(uuid, 'inspect');
    await waitFor('inspect wait');
    const cb = await api.call('POST', '/v1/continue_inspection', { inventory: inventory({ mac: MAC, cpus: 8 }), node_uuid: uuid });
    expect(cb.status, cb.message).to.equal(200);
    expect(cb.body).to.deep.equal({ uuid, next: 'heartbeat' });
    await agentReports(undefined);
    const done = await waitFor('manageable');
    expect(done.properties.cpus).to.equal(8);
  });

  it('records the boot mode and Secure Boot state the agent reports, and a rule on them sets a trait and a capability', async () => {
    const rule = await api.call(
      'POST',
      '/v1/inspection_rules',
      {
        description: 'Secure Boot machines',
        conditions: [
          { field: 'boot.current_boot_mode', op: 'eq', value: 'uefi' },
          { field: 'boot.secure_boot', op: 'eq', value: true },
        ],
        actions: [
          { action: 'add-trait', name: 'CUSTOM_SECURE_BOOT' },
          { action: 'set-capability', name: 'secure_boot', value: 'true' },
        ],
      },
      TYR,
    );
    expect(rule.status, rule.message).to.equal(201);
    await client.nodes.setProvisionState(uuid, 'inspect');
    await agentReports(inventory({ mac: MAC, boot: { current_boot_mode: 'uefi', secure_boot: true } }));
    const done = await waitFor('manageable');
    expect(done).to.include({ boot_mode: 'uefi', secure_boot: true });
    expect(done.properties.capabilities).to.equal('boot_mode:uefi,mem:big,secure_boot:true');
    expect((await api.call('GET', `/v1/nodes/${uuid}/traits`, undefined, { version: 'latest' })).body.traits).to.include(
      'CUSTOM_SECURE_BOOT',
    );

    // Secure Boot off: the state follows the machine and the rule does not match.
    await api.call('DELETE', `/v1/nodes/${uuid}/traits/CUSTOM_SECURE_BOOT`, undefined, { version: 'latest' });
    await client.nodes.setProvisionState(uuid, 'inspect');
    await agentReports(inventory({ mac: MAC, boot: { current_boot_mode: 'uefi', secure_boot: false } }));
    const off = await waitFor('manageable');
    expect(off).to.include({ boot_mode: 'uefi', secure_boot: false });
    expect((await api.call('GET', `/v1/nodes/${uuid}/traits`, undefined, { version: 'latest' })).body.traits).not.to.include(
      'CUSTOM_SECURE_BOOT',
    );
    await api.call('DELETE', `/v1/inspection_rules/${rule.body.uuid}`, undefined, TYR);
  });

  it('refuses an inventory whose boot.secure_boot is not a boolean with a 400 naming the field', async () => {
    const bad = inventory({ mac: MAC });
    bad.boot.secure_boot = 'yes';
    const r = await api.call('POST', '/v1/continue_inspection', { inventory: bad, node_uuid: uuid });
    expect(r.status).to.equal(400);
    expect(r.message).to.include('inventory.boot.secure_boot');
  });

  it('a rule with "fail" fails the inspection with its message; the machine is powered off', async () => {
    const rule = await api.call(
      'POST',
      '/v1/inspection_rules',
      {
        conditions: [{ field: 'cpu.count', op: 'lt', value: 2 }],
        actions: [{ action: 'fail', message: 'too few CPUs for this rack' }],
      },
      TYR,
    );
    expect(rule.status, rule.message).to.equal(201);
    await client.nodes.setProvisionState(uuid, 'inspect');
    await agentReports(inventory({ mac: MAC, cpus: 1 }));
    const failed = await waitFor('inspect failed');
    expect(failed.last_error).to.match(/Inspection failed: .*too few CPUs for this rack/);
    // The power-off follows the failure's transition.
    await until('the BMC to report power off', 10_000, async () => bmc.powerState() === 'off', { intervalMs: 100 });
    await api.call('DELETE', `/v1/inspection_rules/${rule.body.uuid}`, undefined, TYR);
  });

  it('fails the inspection when the ramdisk sent no inventory during it', async () => {
    await client.nodes.setProvisionState(uuid, 'manage');
    await waitFor('manageable');
    await client.nodes.setProvisionState(uuid, 'inspect');
    await agentReports(undefined);
    const failed = await waitFor('inspect failed');
    expect(failed.last_error).to.match(/sent no inventory during this inspection/);
    await until('the BMC to report power off', 10_000, async () => bmc.powerState() === 'off', { intervalMs: 100 });
  });
});
