// The inspection callback's body as Ironic splits it (inventory, and every other key plugin data),
// with what a stock IPA puts in it: BOOTIF-style PXE MACs, "::/0" for no IPv6 BMC, a null
// physical_mb, error, root_disk, logs; and the older Tyr agent's nested plugin_data and node_uuid.
import { expect } from 'chai';
import { parseInspectionCallback } from '../../../protocol/inspection-data.js';
import { ShapeError } from '../../../protocol/shape-error.js';
import { inventory } from '../../helpers/inventory-fixture.js';

const MAC = '3c:fd:fe:9c:1a:20';
const UUID = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123';

function ipaBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { pci_devices, ...inv } = inventory({ mac: MAC });
  return {
    inventory: { ...inv, boot: { current_boot_mode: 'uefi', pxe_interface: `01-${MAC.replace(/:/g, '-')}` } },
    pci_devices,
    ...extra,
  };
}

describe("parseInspectionCallback (Ironic's split of the body)", () => {
  it('keeps every key but inventory as plugin data, and reads pci_devices from the top level', () => {
    const cb = parseInspectionCallback(ipaBody({ boot_interface: 'x', configuration: { collectors: ['default'] }, error: null }));
    expect(Object.keys(cb.plugin_data).sort()).to.deep.equal(['boot_interface', 'configuration', 'error', 'pci_devices']);
    expect(cb.inventory.pci_devices.map((d) => d.vendor_id)).to.deep.equal(['8086', '1af4']);
    expect(cb.ramdisk_error).to.equal(undefined);
  });

  it('understands the BOOTIF form of the PXE MAC (01-aa-bb-cc-dd-ee-ff)', () => {
    expect(parseInspectionCallback(ipaBody()).inventory.boot?.pxe_interface).to.equal(MAC);
  });

  it('reads "::/0" and "0.0.0.0" as no BMC address, and refuses a BMC address that is not one', () => {
    const body = ipaBody();
    Object.assign(body.inventory as object, { bmc_address: '0.0.0.0', bmc_v6address: '::/0' });
    const cb = parseInspectionCallback(body);
    expect([cb.inventory.bmc_address, cb.inventory.bmc_v6address]).to.deep.equal([null, null]);
    Object.assign(body.inventory as object, { bmc_v6address: 'bmc.example' });
    expect(() => parseInspectionCallback(body)).to.throw(ShapeError, /inventory\.bmc_v6address/);
  });

  it('accepts a null physical_mb (IPA without dmidecode) but not a missing one', () => {
    const body = ipaBody();
    const inv = body.inventory as Record<string, any>;
    inv.memory = { total: 2 ** 31, physical_mb: null };
    expect(parseInspectionCallback(body).inventory.memory.physical_mb).to.equal(null);
    inv.memory = { total: 2 ** 31 };
    expect(() => parseInspectionCallback(body)).to.throw(ShapeError, /inventory\.memory\.physical_mb/);
  });

  it("surfaces IPA's error and root_disk (only when it is one of the inventory's disks), and drops the logs", () => {
    const cb = parseInspectionCallback(ipaBody({ error: 'collector x failed', root_disk: { name: '/dev/vda', size: 1 }, logs: 'H4sI' }));
    expect(cb.ramdisk_error).to.equal('collector x failed');
    expect(cb.root_disk_name).to.equal('/dev/vda');
    expect(cb.plugin_data).not.to.have.property('logs');
    expect(parseInspectionCallback(ipaBody({ root_disk: { name: '/dev/nope' } })).root_disk_name).to.equal(undefined);
  });

  it("takes the query's node_uuid, else an older Tyr agent's body node_uuid, and merges its nested plugin_data", () => {
    const legacy = { inventory: inventory({ mac: MAC }), plugin_data: { agent: 'tyr' }, node_uuid: UUID.toUpperCase() };
    const cb = parseInspectionCallback(legacy);
    expect(cb.node_uuid).to.equal(UUID);
    expect(cb.plugin_data).to.deep.equal({ agent: 'tyr' });
    expect(cb.inventory.pci_devices).to.have.length(2);
    const other = '0b6e0f5c-50a4-4b7e-9f8e-1c4b0a0e7d11';
    expect(parseInspectionCallback(legacy, {}, other).node_uuid).to.equal(other);
    expect(() => parseInspectionCallback(legacy, {}, 'nope')).to.throw(ShapeError, /node_uuid/);
  });

  it('keeps boot.secure_boot when it is a boolean and names the field when it is not', () => {
    const body = ipaBody();
    const inv = body.inventory as Record<string, any>;
    inv.boot = { ...inv.boot, secure_boot: true };
    expect(parseInspectionCallback(body).inventory.boot?.secure_boot).to.equal(true);
    inv.boot = { ...inv.boot, secure_boot: 'yes' };
    expect(() => parseInspectionCallback(body)).to.throw(ShapeError, /inventory\.boot\.secure_boot/);
  });

  it('names the field of a bad top-level pci_devices entry', () => {
    expect(() => parseInspectionCallback(ipaBody({ pci_devices: [{ vendor_id: 'zz', product_id: '0001' }] }))).to.throw(
      ShapeError,
      /"pci_devices\[0\]\.vendor_id"/,
    );
  });
});
