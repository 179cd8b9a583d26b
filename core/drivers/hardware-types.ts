// Hardware types: for each interface kind, the implementation names a type supports, the first
// being the default a new node gets. A node's choices are checked against this at enrolment.
// Names only: which class answers to a name is decided by the map given to the registry.
import type { InterfaceKind } from './interfaces/kinds.js';

export interface HardwareType {
  readonly name: string;
  readonly interfaces: { readonly [K in InterfaceKind]: readonly string[] };
}

// Shared by the real (non-fake) hardware types: every kind they do not drive themselves.
const GENERIC = {
  boot: ['fake', 'no'],
  deploy: ['fake', 'no'],
  inspect: ['no', 'fake'],
  console: ['no', 'fake'],
  rescue: ['no', 'fake'],
  bios: ['no', 'fake'],
  raid: ['no', 'fake'],
  firmware: ['no', 'fake'],
  vendor: ['no', 'fake'],
  network: ['noop'],
  storage: ['noop'],
} as const;

export const FAKE_HARDWARE: HardwareType = {
  name: 'fake-hardware',
  interfaces: {
    power: ['fake'],
    management: ['fake'],
    boot: ['fake', 'no'],
    deploy: ['fake', 'no'],
    inspect: ['fake', 'no'],
    console: ['fake', 'no'],
    rescue: ['fake', 'no'],
    bios: ['fake', 'no'],
    raid: ['fake', 'no'],
    firmware: ['fake', 'no'],
    vendor: ['fake', 'no'],
    network: ['noop'],
    storage: ['noop'],
  },
};

export const IPMI: HardwareType = {
  name: 'ipmi',
  interfaces: { ...GENERIC, power: ['ipmitool'], management: ['ipmitool'], boot: ['ipxe', 'fake', 'no'], deploy: ['direct', 'fake', 'no'], rescue: ['agent', 'no', 'fake'],
    inspect: ['agent', 'no', 'fake'], console: ['no', 'ipmitool-socat', 'fake'],
    // The agent's hardware operations (mdadm, BIOS and firmware plugins). bios and raid default to
    // `no` (set them per node); firmware_interface is not settable below API 1.86, so the agent's
    // (which acts only when an operator runs update_firmware) is the default.
    bios: ['no', 'agent', 'fake'], raid: ['no', 'agent', 'fake'], firmware: ['agent', 'no', 'fake'],
    // Ironic's default: send_raw and bmc_reset passthru methods.
    vendor: ['ipmitool', 'no', 'fake'] },
};

/** Power is switched by a person: the conductor records the state it is told. */
export const MANUAL_MANAGEMENT: HardwareType = {
  name: 'manual-management',
  interfaces: { ...GENERIC, power: ['fake'], management: ['fake'] },
};

export const BUILTIN_HARDWARE_TYPES: readonly HardwareType[] = [FAKE_HARDWARE, IPMI, MANUAL_MANAGEMENT];
