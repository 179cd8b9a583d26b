// FirmwareInventory members (SoftwareInventory schema) as Tyr's firmware components, the update
// method a BMC allows, and a task's end as the TaskService schema describes it.
import { expect } from 'chai';
import {
  componentName,
  componentsFrom,
  inventoryEntries,
  transferProtocol,
  updatedComponents,
  updatePlan,
} from '../../../../core/drivers/redfish/firmware-inventory.js';
import { isFailed, isFinal, taskMessages, taskPathOf } from '../../../../core/drivers/redfish/task-monitor.js';
import { parseBmcFirmwareImages, parseFirmwareImages } from '../../../../protocol/firmware-images.js';

const INV = '/redfish/v1/UpdateService/FirmwareInventory';
const member = (Id: string, Version: string, extra = {}) => ({
  '@odata.id': `${INV}/${Id}`,
  Id,
  Name: Id,
  Version,
  Updateable: true,
  ...extra,
});
const SERVICE = {
  FirmwareInventory: { '@odata.id': INV },
  MultipartHttpPushUri: '/redfish/v1/UpdateService/upload',
  Actions: {
    '#UpdateService.SimpleUpdate': {
      target: '/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate',
      'TransferProtocol@Redfish.AllowableValues': ['HTTP', 'HTTPS'],
    },
  },
};

describe('redfish firmware: inventory, update method, tasks', () => {
  it("names the system firmware bios and the BMC's bmc (Ironic's names), others by Id", () => {
    expect(componentName(member('BIOS', '1'))).to.equal('bios');
    expect(componentName(member('Installed-0-2.10', '1', { Name: 'System BIOS' }))).to.equal('bios');
    expect(componentName(member('BMC', '1'))).to.equal('bmc');
    expect(componentName(member('iDRAC.Embedded.1', '1', { Name: 'Integrated Dell Remote Access Controller' }))).to.equal('bmc');
    expect(componentName(member('NIC.Slot.1', '1'))).to.equal('NIC.Slot.1');
    expect(componentsFrom(inventoryEntries([member('BIOS', '2.10.0'), member('BMC', '1.00.0')]))).to.deep.equal([
      { component: 'bios', current_version: '2.10.0' },
      { component: 'bmc', current_version: '1.00.0' },
    ]);
  });

  it('records versions before and after, and which were flashed', () => {
    const before = inventoryEntries([member('BIOS', '2.10.0'), member('BMC', '1.00.0')]);
    const after = inventoryEntries([member('BIOS', '2.11.0'), member('BMC', '1.00.0')]);
    expect(updatedComponents(before, after, new Set(['bios']))).to.deep.equal([
      { component: 'bios', initial_version: '2.10.0', current_version: '2.11.0', last_version_flashed: '2.11.0' },
      { component: 'bmc', initial_version: '1.00.0', current_version: '1.00.0' },
    ]);
  });

  it('uses SimpleUpdate unless multipart is asked (and offered), multipart when SimpleUpdate is missing', () => {
    expect(updatePlan(SERVICE, 'simple')).to.deep.equal({ method: 'simple', uri: SERVICE.Actions['#UpdateService.SimpleUpdate'].target });
    expect(updatePlan(SERVICE, 'multipart')).to.deep.equal({ method: 'multipart', uri: SERVICE.MultipartHttpPushUri });
    expect(updatePlan({ ...SERVICE, MultipartHttpPushUri: undefined }, 'multipart')?.method).to.equal('simple');
    expect(updatePlan({ MultipartHttpPushUri: '/up' }, 'simple')).to.deep.equal({ method: 'multipart', uri: '/up' });
    expect(updatePlan({}, 'simple')).to.equal(null);
  });

  it("takes the TransferProtocol from the URL when the BMC's allowable values have it", () => {
    expect(transferProtocol(SERVICE, 'https://x/fw.bin')).to.equal('HTTPS');
    const ftpOnly = { Actions: { '#UpdateService.SimpleUpdate': { target: '/t', 'TransferProtocol@Redfish.AllowableValues': ['FTP'] } } };
    expect(transferProtocol(ftpOnly, 'http://x/fw.bin')).to.equal(null);
    expect(transferProtocol({}, 'http://x/fw.bin')).to.equal('HTTP');
  });

  it('finds the task an answer started, and reads its end and messages', () => {
    expect(taskPathOf({ status: 202, headers: { location: 'https://bmc/redfish/v1/TaskService/Tasks/7/Monitor' }, body: null })).to.equal(
      '/redfish/v1/TaskService/Tasks/7/Monitor',
    );
    expect(
      taskPathOf({ status: 202, headers: {}, body: { '@odata.id': '/redfish/v1/TaskService/Tasks/7', TaskState: 'Running' } }),
    ).to.equal('/redfish/v1/TaskService/Tasks/7');
    expect(taskPathOf({ status: 204, headers: {}, body: null })).to.equal(null);
    const failed = {
      TaskState: 'Exception',
      TaskStatus: 'Critical',
      Messages: [{ MessageId: 'Update.1.0.TransferFailed', Message: 'HTTP 404 for image' }],
    };
    expect(isFinal(failed) && isFailed(failed)).to.equal(true);
    expect(taskMessages(failed)).to.equal('HTTP 404 for image');
    expect(isFinal({ TaskState: 'Running' })).to.equal(false);
    expect(isFailed({ TaskState: 'Completed', TaskStatus: 'OK' })).to.equal(false);
  });

  it("takes Ironic's {component, url} for a BMC-fetched image, while the agent's images still need checksum and version", () => {
    expect(parseBmcFirmwareImages([{ component: 'bios', url: 'http://x/bios.bin' }])).to.deep.equal([
      { component: 'bios', url: 'http://x/bios.bin' },
    ]);
    expect(parseBmcFirmwareImages([{ component: 'bmc', url: 'https://x/b', checksum: 'sha256:ab', version: '2' }])[0]).to.include({
      checksum: 'sha256:ab',
    });
    expect(() => parseBmcFirmwareImages([{ component: 'bmc', url: 'ftp://x/b' }])).to.throw(
      /url must be an http\(s\) URL the BMC can download/,
    );
    expect(() => parseBmcFirmwareImages([])).to.throw(/non-empty list of \{component, url\}/);
    expect(() => parseFirmwareImages([{ component: 'bmc', url: 'http://x/b' }])).to.throw(/checksum must be a non-empty string/);
  });
});
