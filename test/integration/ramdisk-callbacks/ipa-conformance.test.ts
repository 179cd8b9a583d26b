// A stock ironic-python-agent's requests, replayed byte for byte against a real `tyr server`
// process (discovery on): version discovery, the inspection callback (discovery of an unknown
// machine, inspection of a node in inspect wait, a ramdisk-reported error), lookup and heartbeat.
// IPA itself cannot run here (not in Debian 12, not on npm): the fixtures (fixtures/ipa-<version>/)
// are its requests as read from its source, each naming the file and function it comes from.
// Real parts: `tyr server` as a child process on SQLite, ipmitool against ipmi_sim for the
// inspected nodes' power, raw HTTP over TCP.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { selfSignedCertificate } from '../../../agent/server/tls.js';
import { TyrClient } from '../../../client/index.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startTyrServer, type TyrProcess } from '../../helpers/tyr-process.js';
import { faultOf, ipaRequests, render, send, type ReplayAnswer } from './ipa-replay.js';

const VERSIONS = ['9.4', 'master'] as const;
const GiB = 2 ** 30;
const CERT = selfSignedCertificate('127.0.0.1').cert;
const LONE_MAC = '3c:fd:fe:9c:ff:01';
const FALLBACK_MAC = '3c:fd:fe:9c:fe:01';

/** The placeholders' values for one machine. */
function machine(mac1: string, mac2: string, bmc: string): Record<string, string> {
  return {
    MAC1: mac1,
    MAC2: mac2,
    MAC1_URL: encodeURIComponent(mac1),
    MAC2_URL: encodeURIComponent(mac2),
    MAC1_DASH: mac1.replace(/:/g, '-'),
    BMC: bmc,
    AGENT_IP: '127.0.0.1',
    SWITCH_MAC_HEX: '88a2c3d4e5f6',
    AGENT_CERT_JSON: JSON.stringify(CERT).slice(1, -1),
  };
}

describe('a stock IPA against tyr server: its requests, byte for byte', function () {
  this.timeout(180_000);
  let dir: string;
  let bmc: Bmc;
  let tyr: TyrProcess;
  let client: TyrClient;

  const replay = (version: string, file: string, values: Record<string, string>): Promise<ReplayAnswer> => {
    const req = ipaRequests(version)[file];
    if (!req) throw new Error(`no fixture ${file} for IPA ${version}`);
    return send(tyr.apiPort, render(req, { HOST: `127.0.0.1:${tyr.apiPort}`, ...values }));
  };
  const expected = (version: string, file: string) => ipaRequests(version)[file]!.expect;
  const waitFor = (uuid: string, state: string) =>
    client.nodes.waitForProvisionState(uuid, state, { timeoutMs: 60_000, pollIntervalMs: 100 }) as Promise<Record<string, any>>;
  const inventoryOf = async (uuid: string): Promise<any> => {
    const res = await fetch(`${tyr.url}/v1/nodes/${uuid}/inventory`, { headers: { 'X-OpenStack-Ironic-API-Version': 'latest' } });
    return res.json();
  };

  /** An ipmi node on the simulated BMC, inspected through its ramdisk, left in inspect wait. */
  async function nodeInInspectWait(name: string, mac: string): Promise<string> {
    const node = await client.nodes.create({
      driver: 'ipmi',
      name,
      inspect_interface: 'agent',
      driver_info: { ...bmc.driverInfo(), deploy_kernel: 'tyr.kernel', deploy_ramdisk: 'tyr.initramfs' },
    });
    await client.ports.create({ node_uuid: node.uuid, address: mac });
    await client.nodes.setProvisionState(node.uuid, 'manage');
    await waitFor(node.uuid, 'manageable');
    await client.nodes.setProvisionState(node.uuid, 'inspect');
    await waitFor(node.uuid, 'inspect wait');
    return node.uuid;
  }

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-ipa-'));
    bmc = await startBmc();
    tyr = await startTyrServer(['--data-dir', path.join(dir, 'data')], {
      TYR_LOG_LEVEL: 'warn',
      TYR_DISCOVERY_ENABLED: 'true',
      TYR_DISCOVERY_DEFAULT_DRIVER: 'fake-hardware',
      TYR_INSPECTION_MAX_CALLBACK_BYTES: String(2 * 1024 * 1024),
      TYR_IPMI_COMMAND_TIMEOUT: '5',
      TYR_IPMI_COMMAND_RETRY_TIMEOUT: '5',
      TYR_IPMI_MIN_COMMAND_INTERVAL_MS: '20',
      TYR_CONDUCTOR_SYNC_POWER_STATE_INTERVAL: '0',
    });
    client = new TyrClient({ url: tyr.url, apiVersion: 'latest' });
  });
  after(async () => {
    await tyr?.kill();
    await bmc?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  VERSIONS.forEach((version, i) => {
    describe(`IPA ${version}`, () => {
      const hex = (n: number) => n.toString(16).padStart(2, '0');
      const mac = (n: number) => `3c:fd:fe:9c:${hex(i)}:${hex(n)}`;

      it('01 GET /: the version document IPA reads default_version.version from', async () => {
        const res = await replay(version, '01-version-discovery.http', {});
        expect(res.status).to.equal(expected(version, '01-version-discovery.http'));
        // IPA then asks for min(this, 1.62) on lookup and min(this, 1.68) on heartbeat: both served.
        expect(res.body.default_version.version).to.equal('1.82');
      });

      it('02 discovery: the raw body (no Content-Type) enrols the machine with its inventory mapped as Ironic does', async () => {
        const res = await replay(version, '02-continue-inspection.http', machine(mac(1), mac(2), `192.0.2.${10 + i}`));
        expect(res.status, res.text).to.equal(expected(version, '02-continue-inspection.http'));
        const uuid = res.body.uuid as string;
        const node = (await client.nodes.get(uuid)) as Record<string, any>;
        expect(node).to.include({ provision_state: 'enroll', driver: 'fake-hardware' });
        expect(node.driver_info).to.deep.equal({ ipmi_address: `192.0.2.${10 + i}` });
        // root_disk (/dev/sda, 479559942144 bytes = 446 GiB) less the GiB Ironic keeps: 445.
        expect(node.properties).to.deep.equal({
          cpu_arch: 'x86_64',
          cpus: 80,
          memory_mb: 393216,
          local_gb: Math.floor(479559942144 / GiB) - 1,
          capabilities: 'boot_mode:uefi',
        });
        // eno1 has carrier and is the BOOTIF (sent as 01-3c-fd-...): one port, PXE-enabled.
        const ports = (await client.ports.listPage({ node: uuid, detail: true })).items;
        expect(ports.map((p) => [p.address, p.pxe_enabled])).to.deep.equal([[mac(1), true]]);
        // eno1's LLDP (chassis MAC, port name, system name) is its switch port, as Ironic's local_link_connection hook reads it.
        expect(ports[0]!.local_link_connection).to.deep.equal({
          switch_id: '88:a2:c3:d4:e5:f6',
          port_id: 'Ethernet1/17',
          switch_info: 'switch-r11a',
        });
        const stored = await inventoryOf(uuid);
        expect(stored.inventory.interfaces[0].lldp[1]).to.deep.equal([2, '0545746865726e6574312f3137']);
        expect(stored.plugin_data).to.include({ boot_interface: `01-${mac(1).replace(/:/g, '-')}`, error: null });
        expect(stored.plugin_data.root_disk.name).to.equal('/dev/sda');
        expect(stored.plugin_data.configuration.collectors).to.deep.equal(['default', 'logs', 'pci-devices']);
        expect(stored.plugin_data.pci_devices.map((d: any) => d.vendor_id)).to.deep.equal(['8086', '8086', '10de', '1000']);
        expect(stored.plugin_data).not.to.have.property('logs');
      });

      it('02-04 inspection of a node in inspect wait: data recorded, lookup gives the token once, the heartbeat finishes it', async () => {
        const uuid = await nodeInInspectWait(`ipa-${version}-inspected`, mac(3));
        const values = { ...machine(mac(3), mac(4), `192.0.2.${20 + i}`), NODE_UUID: uuid };
        const posted = await replay(version, '02-continue-inspection.http', values);
        expect(posted.status, posted.text).to.equal(200);
        expect(posted.body.uuid).to.equal(uuid);

        const lookup = await replay(version, '03-lookup.http', values);
        expect(lookup.status, lookup.text).to.equal(expected(version, '03-lookup.http'));
        expect(lookup.body.node.uuid).to.equal(uuid);
        const token = lookup.body.config.agent_token as string;
        expect(token).to.have.length.of.at.least(32);
        expect(lookup.body.config).to.include({ agent_token_required: true, agent_md5_checksum_enable: false });
        expect((await replay(version, '03-lookup.http', values)).body.config.agent_token).to.equal('******');

        const hb = await replay(version, '04-heartbeat.http', { ...values, TOKEN: token });
        expect(hb.status, hb.text).to.equal(expected(version, '04-heartbeat.http'));
        const done = await waitFor(uuid, 'manageable');
        expect(done.properties).to.include({ cpus: 80, memory_mb: 393216, local_gb: 445, cpu_arch: 'x86_64' });
        expect(done.driver_internal_info).not.to.have.property('agent_secret_token');
      });

      it('05 a ramdisk-reported error fails the inspection with Ironic\'s "Ramdisk reported error"', async () => {
        const uuid = await nodeInInspectWait(`ipa-${version}-failed`, mac(5));
        const res = await replay(version, '05-continue-inspection-error.http', machine(mac(5), mac(6), `192.0.2.${30 + i}`));
        expect(res.status, res.text).to.equal(expected(version, '05-continue-inspection-error.http'));
        const failed = await waitFor(uuid, 'inspect failed');
        expect(failed.last_error).to.contain('Ramdisk reported error: The following errors were encountered');
        expect(failed.last_error).to.contain('collector pci-devices failed');
      });
    });
  });

  describe('what IPA may get wrong', () => {
    const ua = 'User-Agent: python-requests/2.28.2\r\n';
    const post = (p: string, body: string, extra = '') =>
      send(
        tyr.apiPort,
        Buffer.from(
          `POST ${p} HTTP/1.1\r\nHost: x\r\n${ua}${extra}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        ),
      );

    it('a body that is not JSON is a 400 saying so, whatever its Content-Type', async () => {
      for (const type of ['', 'Content-Type: text/plain\r\n', 'Content-Type: application/json\r\n']) {
        const res = await post('/v1/continue_inspection', '{"inventory": ', type);
        expect(res.status, type).to.equal(400);
        expect(faultOf(res)).to.match(/not valid JSON/);
      }
      const empty = await post('/v1/continue_inspection', '');
      expect(empty.status).to.equal(400);
      expect(faultOf(empty)).to.match(/field "inventory" must be an object; got nothing/);
    });

    it('a body over inspection.max_callback_bytes is a 413', async () => {
      const res = await post('/v1/continue_inspection', JSON.stringify({ inventory: {}, logs: 'x'.repeat(3 * 1024 * 1024) }));
      expect(res.status).to.equal(413);
    });

    it('IPA that could not read GET / looks up at 1.31: answered with a token; its token-less heartbeat is refused', async () => {
      const uuid = await nodeInInspectWait('ipa-fallback', FALLBACK_MAC);
      const lookup = await replay('9.4', '06-lookup-version-fallback.http', machine(FALLBACK_MAC, '3c:fd:fe:9c:fe:02', '192.0.2.98'));
      expect(lookup.status, lookup.text).to.equal(200);
      expect(lookup.body.node.uuid).to.equal(uuid);
      expect(lookup.body.config.agent_token).to.have.length.of.at.least(32);
      const hb = await post(`/v1/heartbeat/${uuid}`, '{"callback_url": "http://127.0.0.1:9999"}', 'Content-Type: application/json\r\n');
      expect(hb.status).to.equal(401);
    });

    it('a heartbeat with a wrong token is refused (401) and changes nothing', async () => {
      const uuid = await nodeInInspectWait('ipa-wrong-token', LONE_MAC);
      const lookup = await replay('9.4', '03-lookup.http', { ...machine(LONE_MAC, '3c:fd:fe:9c:ff:02', '192.0.2.99'), NODE_UUID: uuid });
      expect(lookup.status).to.equal(200);
      const values = { ...machine(LONE_MAC, '3c:fd:fe:9c:ff:02', '192.0.2.99'), NODE_UUID: uuid, TOKEN: 'x'.repeat(43) };
      const hb = await replay('9.4', '04-heartbeat.http', values);
      expect(hb.status).to.equal(401);
      expect(((await client.nodes.get(uuid)) as Record<string, any>).provision_state).to.equal('inspect wait');
    });
  });
});
