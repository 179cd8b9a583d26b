// The vendor-quirk table: each vendor's file is chosen from the system's Manufacturer (the sim
// takes `vendor`), and what it changes is seen on the wire or on the BMC.
import { expect } from 'chai';
import { loadConfig } from '../../../core/config-load.js';
import type { Node } from '../../../core/db/types.js';
import type { NodeContext } from '../../../core/drivers/interfaces/task.js';
import { RedfishManagement } from '../../../core/drivers/redfish/management.js';
import { quirksFor } from '../../../core/drivers/redfish/quirks/index.js';
import { RedfishResources } from '../../../core/drivers/redfish/resources.js';
import { startRedfishSim, type RedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { QUICK_REDFISH } from './helpers.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { startScriptedBmc, type ScriptedRoutes } from './scripted-bmc.js';

const config = loadConfig({ env: {}, overrides: { redfish: QUICK_REDFISH.redfish } });
const { log } = captureLogger();
const ctxFor = (driverInfo: Record<string, unknown>): NodeContext => ({
  node: { uuid: 'rf-quirk-node', driver_info: driverInfo, instance_info: {}, properties: {}, boot_mode: null } as unknown as Node,
  log,
  config,
});

describe('Redfish vendor quirks', function () {
  this.timeout(30000);
  let resources: RedfishResources;
  beforeEach(() => {
    resources = new RedfishResources(config);
  });
  afterEach(() => resources.close());

  /** A sim of `vendor` behind a recording tap; the PATCH bodies sent to its ComputerSystem. */
  async function withVendor(vendor: string, fn: (sim: RedfishSim, proxy: RecordingProxy) => Promise<void>) {
    const sim = await startRedfishSim({ vendor, tls: false });
    const proxy = await startRecordingProxy(sim.url);
    try {
      await fn(sim, proxy);
    } finally {
      await resources.close();
      await proxy.stop();
      await sim.stop();
    }
  }
  const systemPatches = (proxy: RecordingProxy) =>
    proxy.requests.filter((r) => r.method === 'PATCH' && r.path === '/redfish/v1/Systems/1').map((r) => r.body);

  it('generic: BootSourceOverrideEnabled is left out when it does not change', async () => {
    await withVendor('Tyr Lab', async (sim, proxy) => {
      const ctx = ctxFor({ ...sim.driverInfo(), redfish_address: proxy.url });
      expect((await resources.forNode(ctx)).vendor).to.equal('generic');
      const mgmt = new RedfishManagement(resources);
      await mgmt.setBootDevice(ctx, 'pxe', true);
      await mgmt.setBootDevice(ctx, 'disk', true);
      expect(systemPatches(proxy)).to.deep.equal([
        { Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Continuous' } },
        { Boot: { BootSourceOverrideTarget: 'Hdd' } },
      ]);
      expect(sim.state.bootOverride).to.deep.include({ target: 'Hdd', enabled: 'Continuous' });
    });
  });

  it('Supermicro: BootSourceOverrideEnabled is sent with every change; Cd stays Cd where UsbCd is not offered', async () => {
    await withVendor('Supermicro', async (sim, proxy) => {
      const ctx = ctxFor({ ...sim.driverInfo(), redfish_address: proxy.url });
      expect((await resources.forNode(ctx)).vendor).to.equal('supermicro');
      const mgmt = new RedfishManagement(resources);
      await mgmt.setBootDevice(ctx, 'pxe', true);
      await mgmt.setBootDevice(ctx, 'cdrom', true);
      expect(systemPatches(proxy)).to.deep.equal([
        { Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Continuous' } },
        { Boot: { BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Continuous' } },
      ]);
      expect(sim.state.bootOverride).to.deep.include({ target: 'Cd', enabled: 'Continuous' });
    });
    // Where the BMC lists UsbCd (X11/X12), its virtual CD, the quirk picks it.
    const sm = quirksFor('Supermicro');
    expect(sm.bootTarget?.('Cd', ['Pxe', 'Hdd', 'Cd', 'UsbCd'])).to.equal('UsbCd');
    expect(sm.bootTarget?.('Pxe', ['Pxe', 'UsbCd'])).to.equal('Pxe');
  });

  it('HPE iLO: EjectMedia is sent an empty JSON object, which the service accepts', async () => {
    await withVendor('HPE', async (sim, proxy) => {
      const sys = await resources.forNode(ctxFor({ ...sim.driverInfo(), redfish_address: proxy.url }));
      expect(sys.vendor).to.equal('hpe');
      sim.state.media.inserted = true;
      sim.state.media.image = 'http://images.example/ramdisk.iso';
      const body = sys.quirks.ejectMediaBody;
      expect(body).to.deep.equal({});
      await sys.conn.post('/redfish/v1/Managers/1/VirtualMedia/Cd/Actions/VirtualMedia.EjectMedia', body ?? {});
      expect(sim.state.media.inserted).to.equal(false);
      expect(proxy.requests.find((r) => r.path.endsWith('VirtualMedia.EjectMedia'))?.body).to.deep.equal({});
    });
  });

  it('Lenovo XCC: chosen from its Manufacturer, it asks for explicit Inserted/WriteProtected on PATCH inserts', async () => {
    await withVendor('Lenovo', async (sim, proxy) => {
      const sys = await resources.forNode(ctxFor({ ...sim.driverInfo(), redfish_address: proxy.url }));
      expect(sys.vendor).to.equal('lenovo');
      expect(sys.quirks.patchInsertNeedsFlags).to.equal(true);
    });
    expect(quirksFor('Tyr Lab').patchInsertNeedsFlags ?? false).to.equal(false);
  });

  it('Dell iDRAC: the virtual CD boot goes through the OEM ImportSystemConfiguration job when the iDRAC offers it', async () => {
    // An iDRAC's OEM action and its job are beyond the simulator: a minimal in-test iDRAC plays them.
    const idrac = await startIdracImitation();
    try {
      const sys = await resources.forNode(ctxFor({ redfish_address: idrac.url, redfish_system_id: 'System.Embedded.1' }));
      expect(sys.vendor).to.equal('dell');
      expect(await sys.quirks.bootFromVirtualCd?.(sys.conn, '/redfish/v1/Managers/iDRAC.Embedded.1', false)).to.equal(true);
      expect(idrac.imports).to.have.length(1);
      const buffer = String(idrac.imports[0]?.ImportBuffer);
      expect(buffer).to.contain('<Component FQDD="iDRAC.Embedded.1">');
      expect(buffer).to.contain('<Attribute Name="ServerBoot.1#BootOnce">Enabled</Attribute>');
      expect(buffer).to.contain('<Attribute Name="ServerBoot.1#FirstBootDevice">VCD-DVD</Attribute>');
      expect(idrac.taskPolls).to.be.at.least(2);
    } finally {
      await idrac.stop();
    }
    // A Dell-branded service without the OEM action: the caller falls back to the standard target.
    await withVendor('Dell Inc.', async (sim) => {
      const sys = await resources.forNode(ctxFor(sim.driverInfo()));
      expect(sys.vendor).to.equal('dell');
      expect(await sys.quirks.bootFromVirtualCd?.(sys.conn, '/redfish/v1/Managers/1', false)).to.equal(false);
    });
  });
});

/** Just enough of an iDRAC 9 for the OEM virtual-CD boot: system, manager, the import action, its job. */
async function startIdracImitation() {
  const imports: Record<string, unknown>[] = [];
  let taskPolls = 0;
  const manager = '/redfish/v1/Managers/iDRAC.Embedded.1';
  const action = `${manager}/Actions/Oem/EID_674_Manager.ImportSystemConfiguration`;
  const routes: ScriptedRoutes = {
    'GET /redfish/v1/Systems/System.Embedded.1': () => ({
      status: 200,
      json: { Id: 'System.Embedded.1', Manufacturer: 'Dell Inc.', PowerState: 'On', Links: { ManagedBy: [{ '@odata.id': manager }] } },
    }),
    [`GET ${manager}`]: () => ({
      status: 200,
      json: {
        Id: 'iDRAC.Embedded.1',
        Actions: { Oem: { '#OemManager.v1_4_0.OemManager#OemManager.ImportSystemConfiguration': { target: action } } },
      },
    }),
    [`POST ${action}`]: (body) => {
      imports.push(body as Record<string, unknown>);
      return { status: 202, headers: { location: '/redfish/v1/TaskService/Tasks/JID_001' } };
    },
    'GET /redfish/v1/TaskService/Tasks/JID_001': () => ({
      status: 200,
      json: { Id: 'JID_001', TaskState: ++taskPolls < 2 ? 'Running' : 'Completed' },
    }),
  };
  const bmc = await startScriptedBmc(routes);
  return {
    url: bmc.url,
    imports,
    get taskPolls() {
      return taskPolls;
    },
    stop: () => bmc.stop(),
  };
}
