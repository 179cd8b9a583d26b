// Finding the virtual CD and inserting/ejecting on BMCs unlike the simulator, which has
// InsertMedia/EjectMedia actions under Managers/1: a BMC with VirtualMedia on the ComputerSystem
// (schema 2021.2+) and a floppy listed before the CD, and one old enough to have no actions at
// all (PATCH of Image/Inserted with If-Match). Those are scripted here (scripted-bmc.ts) because
// the simulator does not imitate them.
import { expect } from 'chai';
import { loadConfig } from '../../../core/config-load.js';
import type { Node } from '../../../core/db/types.js';
import type { NodeContext } from '../../../core/drivers/interfaces/task.js';
import { RedfishResources } from '../../../core/drivers/redfish/resources.js';
import { ejectCd, findCdDevice, insertCd } from '../../../core/drivers/redfish/virtual-media.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { QUICK_REDFISH } from './helpers.js';
import { startScriptedBmc, type ScriptedBmc } from './scripted-bmc.js';

const config = loadConfig({ env: {}, overrides: { redfish: QUICK_REDFISH.redfish } });
const { log } = captureLogger();
const NODE = 'rf-vmedia-devices-node';
const SYSTEM = '/redfish/v1/Systems/1';
const VM = `${SYSTEM}/VirtualMedia`;
const ISO = 'http://192.0.2.1:8080/files/vmedia/node.iso';

/** A BMC whose virtual media hang off the system and take PATCHes only; `manufacturer` picks the quirks. */
function oldBmc(manufacturer: string, withCd = true) {
  const cd = { Id: 'Cd', MediaTypes: ['CD', 'DVD'], Image: null as string | null, Inserted: false };
  let etag = 1;
  return {
    cd,
    routes: {
      'GET /redfish/v1': () => ({ status: 200, json: { Id: 'RootService', Systems: { '@odata.id': '/redfish/v1/Systems' } } }),
      [`GET ${SYSTEM}`]: () => ({
        status: 200,
        json: { Id: '1', Manufacturer: manufacturer, PowerState: 'On', VirtualMedia: { '@odata.id': VM }, Links: {} },
      }),
      'GET /redfish/v1/Managers': () => ({ status: 200, json: { Members: [] } }),
      [`GET ${VM}`]: () => ({
        status: 200,
        json: { Members: [{ '@odata.id': `${VM}/Floppy` }, ...(withCd ? [{ '@odata.id': `${VM}/Cd` }] : [])] },
      }),
      [`GET ${VM}/Floppy`]: () => ({ status: 200, json: { Id: 'Floppy', MediaTypes: ['Floppy', 'USBStick'], Inserted: false } }),
      [`GET ${VM}/Cd`]: () => ({ status: 200, json: cd, headers: { etag: `"${etag}"` } }),
      [`PATCH ${VM}/Cd`]: (body: unknown) => {
        Object.assign(cd, body);
        etag += 1;
        return { status: 204 };
      },
    },
  };
}

describe('Redfish virtual media on BMCs unlike the simulator (scripted)', function () {
  this.timeout(30000);
  let resources: RedfishResources;
  let bmc: ScriptedBmc | undefined;
  const ctx = (): NodeContext => ({
    node: { uuid: NODE, driver_info: { redfish_address: bmc!.url, redfish_system_id: '1', redfish_auth_type: 'basic' } } as unknown as Node,
    log,
    config,
  });
  beforeEach(() => {
    resources = new RedfishResources(config);
  });
  afterEach(async () => {
    await resources.close();
    await bmc?.stop();
  });

  it("finds the CD in the system's own VirtualMedia (skipping the floppy) and inserts and ejects by PATCH with If-Match", async () => {
    const script = oldBmc('Tyr Lab');
    bmc = await startScriptedBmc(script.routes);
    const sys = await resources.forNode(ctx());
    const cd = await findCdDevice(sys, NODE);
    expect(cd.path).to.equal(`${VM}/Cd`);
    await insertCd(sys, cd, ISO);
    expect(script.cd.Image).to.equal(ISO);
    const inserted = bmc.requests.filter((r) => r.method === 'PATCH');
    expect(inserted.map((r) => r.body)).to.deep.equal([{ Image: ISO }]);
    expect(inserted[0]!.headers['if-match']).to.equal('"1"');
    script.cd.Inserted = true;
    expect(await ejectCd(sys, await findCdDevice(sys, NODE))).to.equal(true);
    expect(script.cd).to.deep.include({ Image: null, Inserted: false });
    expect(await ejectCd(sys, await findCdDevice(sys, NODE)), 'an empty drive needs no eject').to.equal(false);
  });

  it('sends Inserted and WriteProtected on a PATCH insert to a Lenovo XCC', async () => {
    const script = oldBmc('Lenovo');
    bmc = await startScriptedBmc(script.routes);
    const sys = await resources.forNode(ctx());
    await insertCd(sys, await findCdDevice(sys, NODE), ISO);
    expect(bmc.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).to.deep.equal([
      { Image: ISO, Inserted: true, WriteProtected: true },
    ]);
  });

  it('a BMC without a CD/DVD device gets a HardwareError naming the node and what to do', async () => {
    bmc = await startScriptedBmc(oldBmc('Tyr Lab', false).routes);
    const sys = await resources.forNode(ctx());
    try {
      await findCdDevice(sys, NODE);
      expect.fail('expected a refusal');
    } catch (err) {
      expect((err as Error).message)
        .to.include(NODE)
        .and.include('no CD/DVD virtual media')
        .and.include(VM)
        .and.include('boot_interface ipxe');
    }
  });
});
