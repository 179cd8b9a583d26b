// The API process's driver catalog over a real SQLite database: what live conductors registered,
// merged across conductors, gone with a conductor that stops heartbeating.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { openDatabase } from '../../../core/db/connect.js';
import { migrateToLatest } from '../../../core/db/migrate.js';
import { Store } from '../../../core/db/store.js';
import { DriverCatalog } from '../../../core/drivers/catalog.js';
import { InvalidParameterValue } from '../../../core/errors.js';

const HEARTBEAT_TIMEOUT = 60;

const interfaces = (power: string[], boot: string[] = ['fake']) => ({
  power,
  management: ['fake'],
  boot,
  deploy: ['fake'],
  inspect: ['no-inspect'],
  console: ['no-console'],
  rescue: ['no-rescue'],
  bios: ['no-bios'],
  raid: ['no-raid'],
  firmware: ['no-firmware'],
  vendor: ['no-vendor'],
  network: ['flat'],
  storage: ['noop'],
});

describe('driver catalog', () => {
  let dir: string;
  let store: Store;
  let clock: number;
  let catalog: DriverCatalog;

  async function registerConductor(
    host: string,
    types: { name: string; power: string[]; boot?: string[]; properties?: Record<string, string> }[],
  ) {
    const row = await store.conductors.register(
      host,
      '',
      types.map((t) => t.name),
    );
    await store.conductorHardwareTypes.replace(
      row.id,
      types.map((t) => ({
        hardware_type: t.name,
        interfaces: interfaces(t.power, t.boot),
        properties: t.properties ?? {},
      })),
    );
    return row;
  }

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-catalog-'));
    const db = await openDatabase(`sqlite:${path.join(dir, 'tyr.sqlite')}`);
    await migrateToLatest(db);
    store = new Store(db);
    clock = Date.now();
    catalog = new DriverCatalog(store, HEARTBEAT_TIMEOUT, () => clock);
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is empty until a conductor registers, then lists its hardware types with their interfaces and properties', async () => {
    expect(await catalog.list()).to.deep.equal([]);
    await registerConductor('cond-a', [{ name: 'ipmi', power: ['ipmitool'], properties: { ipmi_address: 'The BMC. Required.' } }]);
    expect(await catalog.list()).to.deep.equal([
      { name: 'ipmi', interfaces: interfaces(['ipmitool']), properties: { ipmi_address: 'The BMC. Required.' } },
    ]);
  });

  it("merges conductors serving one type: every enabled implementation, the first-registered conductor's defaults", async () => {
    await registerConductor('cond-a', [{ name: 'ipmi', power: ['ipmitool'], properties: { a: 'from a' } }]);
    await registerConductor('cond-b', [
      { name: 'ipmi', power: ['fake', 'ipmitool'], boot: ['ipxe', 'fake'], properties: { a: 'from b', b: 'only b' } },
      { name: 'fake-hardware', power: ['fake'] },
    ]);
    const [ipmi, fake] = [...(await catalog.list())].sort((x, y) => y.name.localeCompare(x.name));
    expect(ipmi!.interfaces.power).to.deep.equal(['ipmitool', 'fake']);
    expect(ipmi!.interfaces.boot).to.deep.equal(['fake', 'ipxe']);
    expect(ipmi!.properties).to.deep.equal({ a: 'from a', b: 'only b' });
    expect(fake!.name).to.equal('fake-hardware');
  });

  it('leaves out conductors marked offline or silent past the heartbeat timeout', async () => {
    await registerConductor('cond-a', [{ name: 'ipmi', power: ['ipmitool'] }]);
    await registerConductor('cond-b', [{ name: 'fake-hardware', power: ['fake'] }]);
    await store.conductors.markOffline('cond-a');
    expect((await catalog.list()).map((t) => t.name)).to.deep.equal(['fake-hardware']);
    clock += (HEARTBEAT_TIMEOUT + 1) * 1000;
    expect(await catalog.list()).to.deep.equal([]);
  });

  it('a conductor registering again replaces its hardware types: one it no longer serves is not listed', async () => {
    await registerConductor('cond-a', [
      { name: 'ipmi', power: ['ipmitool'] },
      { name: 'fake-hardware', power: ['fake'] },
    ]);
    await registerConductor('cond-a', [{ name: 'fake-hardware', power: ['fake'] }]);
    expect((await catalog.list()).map((t) => t.name)).to.deep.equal(['fake-hardware']);
  });

  it('checks a node as the conductor would: defaults filled in, unknown types and interfaces refused with what is enabled', async () => {
    await registerConductor('cond-a', [{ name: 'fake-hardware', power: ['fake'] }]);
    const checked = await catalog.checkNode({ driver: 'fake-hardware', boot_interface: null });
    expect(checked).to.include({ driver: 'fake-hardware', power_interface: 'fake', boot_interface: 'fake', network_interface: 'flat' });
    const unknown = await catalog.checkNode({ driver: 'ipmi' }).catch((e: unknown) => e);
    expect(unknown).to.be.instanceOf(InvalidParameterValue);
    expect((unknown as Error).message)
      .to.contain('"ipmi"')
      .and.contain('Enabled hardware types: fake-hardware');
    const wrong = (await catalog.checkNode({ driver: 'fake-hardware', power_interface: 'ipmitool' }).catch((e: unknown) => e)) as Error;
    expect(wrong.message).to.contain('power interface "ipmitool"').and.contain('it supports fake');
  });
});
