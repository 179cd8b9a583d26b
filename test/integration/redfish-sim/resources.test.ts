// The sim's resources beyond the core, through plain HTTP: BIOS settings and registry checks,
// RAID volume rules, virtual media, secure boot, firmware updates (SimpleUpdate and multipart push)
// with their task monitors, and the inventory from the machine spec.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { type RedfishSim, startRedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { until } from '../../helpers/until.js';
import { type FileServer, serveDir } from './file-server.js';
import { sessionClient } from './http.js';

const GIB = 1024 ** 3;
const RESET = '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset';

describe('redfish-sim resources (memory mode)', () => {
  let sim: RedfishSim;
  let client: Awaited<ReturnType<typeof sessionClient>>['client'];
  let files: FileServer;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-sim-files-'));
    fs.writeFileSync(path.join(dir, 'boot.iso'), Buffer.alloc(4096, 7));
    fs.writeFileSync(path.join(dir, 'bmc-firmware.bin'), 'version=1.20.3\nlab BMC image\n');
    fs.writeFileSync(path.join(dir, 'noversion.bin'), 'no version here\n');
    files = await serveDir(dir);
  });
  after(async () => {
    await files.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    sim = await startRedfishSim({
      machine: {
        disks: [0, 1, 2, 3].map((i) => ({
          id: `Disk.${i}`,
          capacityBytes: (100 + i * 100) * GIB,
          mediaType: 'SSD' as const,
          serial: `S${i}`,
        })),
        nics: ['52:54:00:00:00:0a'],
        memoryMb: 4096,
        cpus: 1,
      },
    });
    ({ client } = await sessionClient(sim));
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('keeps BIOS settings pending until the next power-on, checking them against the registry', async () => {
    const bios = (await client.get('/redfish/v1/Systems/1/Bios')).data;
    const settingsPath = bios['@Redfish.Settings'].SettingsObject['@odata.id'];
    expect(bios['@Redfish.Settings'].SupportedApplyTimes).to.deep.equal(['OnReset']);
    const settings = await client.get(settingsPath);
    const etag = String(settings.headers.etag);
    expect(
      (await client.patch(settingsPath, { Attributes: { PowerProfile: 'MaxPerformance', BootRetryDelay: 60 } }, { 'If-Match': etag }))
        .status,
    ).to.equal(204);
    expect((await client.patch(settingsPath, { Attributes: { NumLock: false } }, { 'If-Match': etag })).status).to.equal(412);
    const readOnly = await client.patch(settingsPath, { Attributes: { SystemRevision: 'B00' } });
    expect(readOnly.status).to.equal(400);
    expect(readOnly.data.error.message).to.contain('read-only');
    const badValue = await client.patch(settingsPath, { Attributes: { PowerProfile: 'Turbo', NumLock: false } });
    expect(badValue.status).to.equal(400);
    expect(badValue.data.error.message).to.contain('MaxPerformance');
    expect((await client.patch(settingsPath, { Attributes: { Unknown: 1 } })).status).to.equal(400);
    expect(sim.state.bios.pending).to.deep.equal({ PowerProfile: 'MaxPerformance', BootRetryDelay: 60 });
    expect((await client.get('/redfish/v1/Systems/1/Bios')).data.Attributes.PowerProfile).to.equal('Balanced');
    await client.post(RESET, { ResetType: 'On' });
    expect((await client.get('/redfish/v1/Systems/1/Bios')).data.Attributes).to.include({
      PowerProfile: 'MaxPerformance',
      BootRetryDelay: 60,
    });
    expect((await client.get(settingsPath)).data.Attributes).to.deep.equal({});
  });

  it('serves the attribute registry named by the Bios resource', async () => {
    const name = (await client.get('/redfish/v1/Systems/1/Bios')).data.AttributeRegistry;
    const file = (await client.get(`/redfish/v1/Registries/${name}`)).data;
    const registry = (await client.get(file.Location[0].Uri)).data;
    const turbo = registry.RegistryEntries.Attributes.find((a: any) => a.AttributeName === 'ProcTurboMode');
    expect(turbo).to.include({ Type: 'Enumeration', ReadOnly: false, ResetRequired: true });
    expect(turbo.Value.map((v: any) => v.ValueName)).to.deep.equal(['Enabled', 'Disabled']);
  });

  it('creates and deletes RAID volumes within the controller rules', async () => {
    const storage = (await client.get('/redfish/v1/Systems/1/Storage/1')).data;
    expect(storage.StorageControllers[0].SupportedRAIDTypes).to.include.members(['RAID0', 'RAID1', 'RAID5', 'RAID10']);
    const drives = storage.Drives;
    const volumes = storage.Volumes['@odata.id'];
    const raid5 = await client.post(volumes, { RAIDType: 'RAID5', Links: { Drives: drives.slice(0, 3) }, Name: 'data' });
    expect(raid5.status).to.equal(201);
    expect(raid5.data).to.include({ RAIDType: 'RAID5', CapacityBytes: 200 * GIB, Name: 'data' });
    const reused = await client.post(volumes, { RAIDType: 'RAID0', Links: { Drives: drives.slice(2, 4) } });
    expect(reused.status).to.equal(400);
    expect(reused.data.error.message).to.contain('Disk.2');
    const tooBig = await client.post(volumes, { RAIDType: 'RAID0', CapacityBytes: 1000 * GIB, Links: { Drives: drives.slice(3) } });
    expect(tooBig.status).to.equal(400);
    expect((await client.post(volumes, { RAIDType: 'RAID1', Links: { Drives: drives.slice(3) } })).status).to.equal(400);
    expect((await client.post(volumes, { RAIDType: 'RAID6', Links: { Drives: drives.slice(3) } })).status).to.equal(400);
    expect(sim.state.volumes.map((v) => v.drives)).to.deep.equal([['Disk.0', 'Disk.1', 'Disk.2']]);
    expect((await client.delete(String(raid5.headers.location))).status).to.equal(204);
    expect(sim.state.volumes).to.deep.equal([]);
    expect((await client.get(volumes)).data.Members).to.deep.equal([]);
  });

  it('inserts and ejects virtual media, refusing unreachable images and double inserts', async () => {
    const cd = '/redfish/v1/Managers/1/VirtualMedia/Cd';
    const insert = `${cd}/Actions/VirtualMedia.InsertMedia`;
    const missing = await client.post(insert, { Image: files.url('missing.iso') });
    expect(missing.status).to.equal(400);
    expect(missing.data.error.message).to.contain('404');
    expect((await client.post(insert, { Image: files.url('boot.iso'), Inserted: true, WriteProtected: true })).status).to.equal(204);
    expect(sim.state.media).to.deep.equal({ inserted: true, image: files.url('boot.iso'), writeProtected: true, bytes: 4096 });
    expect((await client.post(insert, { Image: files.url('boot.iso') })).status).to.equal(409);
    expect((await client.get(cd)).data).to.include({ Inserted: true, ImageName: 'boot.iso', ConnectedVia: 'URI' });
    expect((await client.post(`${cd}/Actions/VirtualMedia.EjectMedia`, {})).status).to.equal(204);
    expect(sim.state.media.inserted).to.equal(false);
  });

  it('enables secure boot only for UEFI, effective at the next boot', async () => {
    const path = '/redfish/v1/Systems/1/SecureBoot';
    expect((await client.patch(path, { SecureBootEnable: true })).status).to.equal(204);
    expect((await client.get(path)).data).to.include({ SecureBootEnable: true, SecureBootCurrentBoot: 'Disabled' });
    await client.post(RESET, { ResetType: 'On' });
    expect((await client.get(path)).data.SecureBootCurrentBoot).to.equal('Enabled');
    await client.patch(path, { SecureBootEnable: false });
    await client.patch('/redfish/v1/Systems/1', { Boot: { BootSourceOverrideMode: 'Legacy' } });
    expect((await client.patch(path, { SecureBootEnable: true })).status).to.equal(400);
  });

  async function followMonitor(location: string) {
    const seen: number[] = [];
    const task = await until('the update task to finish', 30_000, async () => {
      const res = await client.get(location);
      seen.push(res.status);
      return res.status === 200 ? res.data : undefined;
    });
    return { task, seen };
  }

  it('runs SimpleUpdate as a task: 202 while running, then Completed with the new version', async () => {
    const res = await client.post('/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate', {
      ImageURI: files.url('bmc-firmware.bin'),
    });
    expect(res.status).to.equal(202);
    const { task, seen } = await followMonitor(String(res.headers.location));
    expect(seen[0]).to.equal(202);
    expect(task.TaskState).to.equal('Completed');
    expect(task.Messages[0].Message).to.contain('1.20.3');
    expect((await client.get('/redfish/v1/UpdateService/FirmwareInventory/BMC')).data.Version).to.equal('1.20.3');
    expect((await client.get(`/redfish/v1/TaskService/Tasks/${task.Id}`)).data.TaskState).to.equal('Completed');
  });

  it('ends an update whose image cannot be fetched, or carries no version, in Exception', async () => {
    for (const [name, words] of [
      ['absent-2.0.bin', 'could not download'],
      ['noversion.bin', 'carries no version'],
    ] as const) {
      const res = await client.post('/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate', { ImageURI: files.url(name) });
      const { task } = await followMonitor(String(res.headers.location));
      expect(task.TaskState).to.equal('Exception');
      expect(task.Messages[0].Message).to.contain(words);
    }
    expect(sim.state.firmware).to.deep.equal({ BMC: '1.00.0', BIOS: '2.10.0' });
  });

  it('accepts a multipart push to MultipartHttpPushUri for the target it names', async () => {
    const service = (await client.get('/redfish/v1/UpdateService')).data;
    const boundary = 'simboundary';
    const body = Buffer.from(
      [
        `--${boundary}`,
        'Content-Disposition: form-data; name="UpdateParameters"',
        'Content-Type: application/json',
        '',
        JSON.stringify({ Targets: ['/redfish/v1/UpdateService/FirmwareInventory/BIOS'] }),
        `--${boundary}`,
        'Content-Disposition: form-data; name="UpdateFile"; filename="image.bin"',
        'Content-Type: application/octet-stream',
        '',
        'version=3.0.1',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    );
    const res = await client.post(service.MultipartHttpPushUri, body, { 'Content-Type': `multipart/form-data; boundary=${boundary}` });
    expect(res.status).to.equal(202);
    const { task } = await followMonitor(String(res.headers.location));
    expect(task.TaskState).to.equal('Completed');
    expect(sim.state.firmware.BIOS).to.equal('3.0.1');
  });

  it('reports the inventory of the machine spec', async () => {
    const nics = (await client.get('/redfish/v1/Systems/1/EthernetInterfaces')).data.Members;
    expect(nics).to.have.length(1);
    expect((await client.get(nics[0]['@odata.id'])).data).to.include({
      MACAddress: '52:54:00:00:00:0a',
      LinkStatus: 'LinkUp',
      SpeedMbps: 1000,
    });
    const dimms = (await client.get('/redfish/v1/Systems/1/Memory')).data.Members;
    let mib = 0;
    for (const d of dimms) mib += (await client.get(d['@odata.id'])).data.CapacityMiB;
    expect(mib).to.equal(4096);
    const cpus = (await client.get('/redfish/v1/Systems/1/Processors')).data.Members;
    expect(cpus).to.have.length(1);
    expect((await client.get(cpus[0]['@odata.id'])).data).to.include({ ProcessorArchitecture: 'x86', InstructionSet: 'x86-64' });
  });
});
