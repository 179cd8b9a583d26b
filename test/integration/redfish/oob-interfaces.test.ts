// The out-of-band interfaces driven directly (no API), against the lab Redfish simulator behind
// a recording tap, for what the API test cannot see: the typed values and apply time on the wire,
// settings only staged while a ramdisk runs, and a task that outlives redfish.task_timeout_seconds.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { loadConfig } from '../../../core/config-load.js';
import type { Node } from '../../../core/db/types.js';
import type { NodeInterfaces } from '../../../core/drivers/interfaces/kinds.js';
import type { NodeContext } from '../../../core/drivers/interfaces/task.js';
import { RedfishBios } from '../../../core/drivers/redfish/bios.js';
import { RedfishFirmware } from '../../../core/drivers/redfish/firmware.js';
import { RedfishInspect } from '../../../core/drivers/redfish/inspect.js';
import { RedfishPower } from '../../../core/drivers/redfish/power.js';
import { RedfishResources } from '../../../core/drivers/redfish/resources.js';
import { startRedfishSim, type RedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { QUICK_REDFISH } from './helpers.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';

const config = loadConfig({
  env: {},
  overrides: {
    redfish: { ...QUICK_REDFISH.redfish, task_poll_interval_ms: 50, task_timeout_seconds: 1 },
    conductor: QUICK_REDFISH.conductor,
  },
});

describe('redfish out-of-band interfaces on the wire (tyr-redfish-sim)', function () {
  this.timeout(30000);
  let sim: RedfishSim;
  let proxy: RecordingProxy;
  let resources: RedfishResources;
  const { log, lines } = captureLogger();

  function ctx(internal: Record<string, unknown> = {}): NodeContext {
    const power = new RedfishPower(config, resources);
    return {
      node: {
        uuid: 'rf-oob-wire-node',
        driver_info: { ...sim.driverInfo(), redfish_address: proxy.url },
        driver_internal_info: internal,
      } as unknown as Node,
      log,
      config,
      driver: { power } as unknown as NodeInterfaces,
    };
  }

  beforeEach(async () => {
    sim = await startRedfishSim({ tls: false });
    proxy = await startRecordingProxy(sim.url);
    resources = new RedfishResources(config);
  });
  afterEach(async () => {
    await resources.close();
    await proxy.stop();
    await sim.stop();
  });

  it('PATCHes Bios/Settings with registry-typed values and OnReset, reboots, and reads them back', async () => {
    const bios = new RedfishBios(resources);
    await bios.applyConfiguration(ctx(), [
      { name: 'BootRetryDelay', value: '45' },
      { name: 'NumLock', value: 'false' },
    ]);
    const patches = proxy.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/Bios/Settings')).map((r) => r.body);
    expect(patches).to.deep.equal([
      { Attributes: { BootRetryDelay: 45, NumLock: false }, '@Redfish.SettingsApplyTime': { ApplyTime: 'OnReset' } },
    ]);
    expect(sim.state.bios.attributes).to.include({ BootRetryDelay: 45, NumLock: false });
    expect(sim.state.boots).to.equal(1);
    expect(sim.state.powerState).to.equal('Off');
    const settings = await bios.getSettings(ctx());
    expect(settings.find((s) => s.name === 'BootRetryDelay')).to.include({
      value: '45',
      attribute_type: 'Integer',
      lower_bound: 0,
      upper_bound: 600,
    });
  });

  it('only stages settings while a ramdisk runs: no reboot under the agent, applied at the next boot', async () => {
    const bios = new RedfishBios(resources);
    await bios.applyConfiguration(ctx({ agent_url: 'https://192.0.2.10:9999' }), [{ name: 'ProcTurboMode', value: 'Disabled' }]);
    expect(sim.state.boots).to.equal(0);
    expect(sim.state.bios.pending).to.deep.equal({ ProcTurboMode: 'Disabled' });
    expect(lines().some((l) => /staged on the BMC for the next boot/.test(String(l.msg)))).to.equal(true);
    await new RedfishPower(config, resources).setPowerState(ctx(), 'power on');
    expect(sim.state.bios.attributes.ProcTurboMode).to.equal('Disabled');
  });

  it('gives up on a task that outlives redfish.task_timeout_seconds, naming the option', async () => {
    // An image server that never answers stands in for a download the BMC is stuck in (the sim
    // itself finishes its tasks quickly): the update task stays Running.
    const hanging = http.createServer(() => {});
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/bios-3.0.0.bin`;
      const err = await new RedfishFirmware(resources).update(ctx(), [{ component: 'bios', url }]).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).to.match(/did not finish within 1 s .*raise redfish\.task_timeout_seconds/);
      expect(sim.state.firmware.BIOS).to.equal('2.10.0');
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((r) => hanging.close(() => r()));
    }
  });

  it('fails inspection of a machine whose BMC reports no NIC, saying what is missing', async () => {
    const bare = await startRedfishSim({ tls: false, machine: { nics: [] } });
    try {
      const c: NodeContext = {
        ...ctx(),
        node: { uuid: 'rf-oob-bare', driver_info: bare.driverInfo(), driver_internal_info: {} } as unknown as Node,
      };
      const err = await new RedfishInspect(resources).inspect(c).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).to.contain('does not report NICs with a MAC address (EthernetInterfaces)');
    } finally {
      await resources.close();
      await bare.stop();
    }
  });
});
