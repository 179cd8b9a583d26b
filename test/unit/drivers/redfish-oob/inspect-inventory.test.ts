// The Redfish → agent inventory mapper, over resources shaped as the DMTF schemas (and sushy)
// have them; the result must pass the same check an agent's inventory passes.
import { expect } from 'chai';
import { parseInspectionCallback } from '../../../../protocol/inspection-data.js';
import {
  bootMode,
  secureBootOf,
  cpuArchitecture,
  inventoryFrom,
  missingEssentials,
  type RedfishHardware,
} from '../../../../core/drivers/redfish/inspect-inventory.js';
import { propertiesFrom } from '../../../../core/conductor/inspection/properties.js';

const GiB = 2 ** 30;
const cpu = (id: string, extra: Record<string, unknown> = {}) => ({
  '@odata.id': `/redfish/v1/Systems/1/Processors/${id}`,
  Id: id,
  ProcessorType: 'CPU',
  ProcessorArchitecture: 'x86',
  InstructionSet: 'x86-64',
  Model: 'Xeon Gold',
  MaxSpeedMHz: 3000,
  TotalCores: 8,
  TotalThreads: 16,
  Status: { State: 'Enabled', Health: 'OK' },
  ...extra,
});

function hardware(over: Partial<RedfishHardware> = {}): RedfishHardware {
  return {
    system: {
      '@odata.id': '/redfish/v1/Systems/1',
      Manufacturer: 'Contoso',
      Model: 'R740',
      SerialNumber: 'SN123',
      BiosVersion: '2.10.0',
      MemorySummary: { TotalSystemMemoryGiB: 64 },
      ProcessorSummary: { Count: 2, LogicalProcessorCount: 32 },
      Boot: { BootSourceOverrideMode: 'UEFI' },
    },
    processors: [cpu('CPU1'), cpu('CPU2'), cpu('GPU1', { ProcessorType: 'GPU', TotalThreads: 1000 })],
    ethernetInterfaces: [
      { Id: 'NIC.1', MACAddress: '52:54:00:AA:BB:01', LinkStatus: 'LinkUp', SpeedMbps: 10000, Status: { State: 'Enabled' } },
      { Id: 'NIC.2', MACAddress: '', PermanentMACAddress: '52-54-00-aa-bb-02', LinkStatus: 'LinkDown' },
      { Id: 'NIC.3', MACAddress: '52:54:00:aa:bb:03', Status: { State: 'Disabled' } },
    ],
    drives: [
      {
        '@odata.id': '/redfish/v1/Systems/1/Storage/1/Drives/0',
        Id: '0',
        Name: 'Disk.0',
        CapacityBytes: 480 * GiB,
        MediaType: 'SSD',
        SerialNumber: 'D0',
      },
      { '@odata.id': '/redfish/v1/Systems/1/Storage/1/Drives/1', Id: '1', Name: 'Disk.1', CapacityBytes: 2000 * GiB, MediaType: 'HDD' },
      { Id: '2', Name: 'Empty bay', Status: { State: 'Absent' }, CapacityBytes: 0 },
    ],
    simpleStorage: [],
    ...over,
  };
}

describe('redfish inspection: resources → agent inventory', () => {
  it('maps CPUs (threads of CPUs only), memory, drives, NICs, vendor and boot mode', () => {
    const inv = inventoryFrom(hardware());
    expect(inv.cpu).to.include({
      count: 32,
      architecture: 'x86_64',
      model_name: 'Xeon Gold',
      frequency: '3000',
      socket_count: 2,
      core_count: 16,
    });
    expect(inv.memory).to.deep.equal({ total: 64 * GiB, physical_mb: 65536 });
    expect(inv.disks.map((d) => [d.name, d.size, d.rotational])).to.deep.equal([
      ['Disk.0', 480 * GiB, false],
      ['Disk.1', 2000 * GiB, true],
    ]);
    expect(inv.interfaces.map((n) => [n.name, n.mac_address, n.has_carrier])).to.deep.equal([
      ['NIC.1', '52:54:00:aa:bb:01', true],
      ['NIC.2', '52:54:00:aa:bb:02', false],
    ]);
    expect(inv.system_vendor).to.deep.include({ manufacturer: 'Contoso', product_name: 'R740', serial_number: 'SN123' });
    expect(inv.boot).to.deep.equal({ current_boot_mode: 'uefi', pxe_interface: null });
  });

  it('passes the agent inventory check, and gives the properties agent inspection gives', () => {
    const parsed = parseInspectionCallback({ inventory: inventoryFrom(hardware()) });
    expect(propertiesFrom(parsed.inventory, { capabilities: 'secure_boot:true' })).to.deep.equal({
      capabilities: 'secure_boot:true,boot_mode:uefi',
      cpu_arch: 'x86_64',
      cpus: 32,
      memory_mb: 65536,
      local_gb: 479,
    });
  });

  it('falls back to SimpleStorage devices and to ProcessorSummary when Storage and Processors say nothing', () => {
    const inv = inventoryFrom(
      hardware({
        processors: [],
        drives: [],
        simpleStorage: [
          {
            Devices: [
              { Name: 'SATA 0', CapacityBytes: 100 * GiB, Status: { State: 'Enabled' } },
              { Name: 'bay', Status: { State: 'Absent' } },
            ],
          },
        ],
      }),
    );
    expect(inv.cpu.count).to.equal(32);
    expect(inv.cpu.architecture).to.equal('unknown');
    expect(inv.disks).to.have.length(1);
    expect(inv.disks[0]).to.include({ name: 'SATA 0', size: 100 * GiB, rotational: true });
  });

  it('names architectures as the kernel does, and Legacy boot as bios', () => {
    expect(cpuArchitecture([{ ProcessorArchitecture: 'ARM', InstructionSet: 'ARM-A64' }])).to.equal('aarch64');
    expect(cpuArchitecture([{ ProcessorArchitecture: 'ARM' }])).to.equal('aarch64');
    expect(cpuArchitecture([{ ProcessorArchitecture: 'Power', InstructionSet: 'PowerISA' }])).to.equal('ppc64le');
    expect(bootMode({ Boot: { BootSourceOverrideMode: 'Legacy' } })).to.equal('bios');
    expect(bootMode({})).to.equal('uefi');
  });

  it('reads Secure Boot from SecureBootCurrentBoot (the running boot), not SecureBootEnable; unknown without the resource', () => {
    expect(secureBootOf({ SecureBootEnable: false, SecureBootCurrentBoot: 'Enabled' })).to.deep.equal({ secure_boot: true });
    expect(secureBootOf({ SecureBootEnable: true, SecureBootCurrentBoot: 'Disabled' })).to.deep.equal({ secure_boot: false });
    expect(secureBootOf({ SecureBootEnable: true })).to.deep.equal({});
    expect(secureBootOf(null)).to.deep.equal({});
    const hw = {
      system: {},
      processors: [],
      ethernetInterfaces: [],
      drives: [],
      simpleStorage: [],
      secureBoot: { SecureBootCurrentBoot: 'Enabled' },
    };
    expect(inventoryFrom(hw).boot).to.deep.equal({ current_boot_mode: 'uefi', pxe_interface: null, secure_boot: true });
  });

  it('names what scheduling needs and the BMC did not report', () => {
    expect(missingEssentials(inventoryFrom(hardware()))).to.deep.equal([]);
    const bare = inventoryFrom({ system: {}, processors: [], ethernetInterfaces: [], drives: [], simpleStorage: [] });
    expect(missingEssentials(bare).map((m) => m.split(' ')[0])).to.deep.equal(['cpus', 'cpu_arch', 'memory_mb', 'NICs']);
  });
});
