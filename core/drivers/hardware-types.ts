// Hardware types: for each interface kind, the implementation names a type supports, the first
// being the default a new node gets. A node's choices are checked against this at enrolment.
// Names only: which class answers to a name is decided by the map given to the registry.
import type { InterfaceKind } from './interfaces/kinds.js';

export interface HardwareType {
  readonly name: string;
  readonly interfaces: { readonly [K in InterfaceKind]: readonly string[] };
}

/** A hardware type as the API shows it: what a conductor registers in the driver catalog. */
export interface HardwareTypeInfo {
  name: string;
  /** Per interface kind: enabled implementations, the first being the default. */
  interfaces: Record<string, string[]>;
  /** driver_info keys this hardware type's default interfaces read. */
  properties: Record<string, string>;
}

// Implementation names are Ironic's (no-console, no-rescue, …, network flat/noop), so enrolment
// files and clients written for Ironic work; registry.ts maps the older short names onto them.
// Shared by the real (non-fake) hardware types: every kind they do not drive themselves.
const GENERIC = {
  boot: ['fake', 'no'],
  deploy: ['fake', 'no'],
  inspect: ['no-inspect', 'fake'],
  console: ['no-console', 'fake'],
  rescue: ['no-rescue', 'fake'],
  bios: ['no-bios', 'fake'],
  raid: ['no-raid', 'fake'],
  firmware: ['no-firmware', 'fake'],
  vendor: ['no-vendor', 'fake'],
  network: ['flat', 'noop'],
  storage: ['noop'],
} as const;

export const FAKE_HARDWARE: HardwareType = {
  name: 'fake-hardware',
  interfaces: {
    power: ['fake'],
    management: ['fake'],
    boot: ['fake', 'no'],
    deploy: ['fake', 'no'],
    inspect: ['fake', 'no-inspect'],
    console: ['fake', 'no-console'],
    rescue: ['fake', 'no-rescue'],
    bios: ['fake', 'no-bios'],
    raid: ['fake', 'no-raid'],
    firmware: ['fake', 'no-firmware'],
    vendor: ['fake', 'no-vendor'],
    network: ['flat', 'noop'],
    storage: ['noop'],
  },
};

// The first name of each kind is the default, as in Ironic 2023.1 with its default configuration:
// rescue, inspection, BIOS and the console are off until an operator picks them per node; RAID is
// the agent's (it only acts on RAID steps someone asks for).
export const IPMI: HardwareType = {
  name: 'ipmi',
  interfaces: {
    ...GENERIC,
    power: ['ipmitool'],
    management: ['ipmitool'],
    boot: ['ipxe', 'fake', 'no'],
    deploy: ['direct', 'fake', 'no'],
    rescue: ['no-rescue', 'agent', 'fake'],
    inspect: ['no-inspect', 'agent', 'fake'],
    console: ['no-console', 'ipmitool-socat', 'fake'],
    // The agent's hardware operations (mdadm, BIOS and firmware plugins). firmware_interface is not
    // settable below API 1.86, so the agent's (which acts only when an operator runs
    // update_firmware) is the default.
    bios: ['no-bios', 'agent', 'fake'],
    raid: ['agent', 'no-raid', 'fake'],
    firmware: ['agent', 'no-firmware', 'fake'],
    // Ironic's default: send_raw and bmc_reset passthru methods.
    vendor: ['ipmitool', 'no-vendor', 'fake'],
  },
};

/**
 * Ironic's `redfish`: power and management through the BMC's Redfish service, the rest as for
 * `ipmi`. The Redfish inspect, BIOS, RAID, firmware and virtual-media boot names are added
 * beside the ones here.
 */
export const REDFISH: HardwareType = {
  name: 'redfish',
  // No serial console and no vendor passthru: those of `ipmi` speak IPMI, which a Redfish node's
  // driver_info does not describe.
  interfaces: {
    ...IPMI.interfaces,
    power: ['redfish'],
    management: ['redfish'],
    boot: [...IPMI.interfaces.boot, 'redfish-virtual-media'],
    console: ['no-console', 'fake'],
    vendor: ['no-vendor', 'fake'],
    // Out-of-band first (Ironic's order for redfish): reading the BMC is safe, and BIOS, RAID and
    // firmware act only on steps an operator asks for.
    inspect: ['redfish', ...IPMI.interfaces.inspect],
    bios: ['redfish', ...IPMI.interfaces.bios],
    raid: ['redfish', ...IPMI.interfaces.raid],
    firmware: ['redfish', ...IPMI.interfaces.firmware],
  },
};

/** Power is switched by a person: the conductor records the state it is told. */
export const MANUAL_MANAGEMENT: HardwareType = {
  name: 'manual-management',
  interfaces: { ...GENERIC, power: ['fake'], management: ['fake'] },
};

export const BUILTIN_HARDWARE_TYPES: readonly HardwareType[] = [FAKE_HARDWARE, IPMI, MANUAL_MANAGEMENT, REDFISH];
