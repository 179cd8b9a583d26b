// A hardware manager knows how to inspect and act on some kind of hardware. As in
// ironic-python-agent (hardware.py: evaluate_hardware_support / dispatch_to_managers), each
// manager scores itself against the machine it runs on, and the most specific one wins.
import type { Inventory } from '../../protocol/agent-wire.js';

/** IPA's HardwareSupport levels: a vendor manager outranks the generic one. */
export const HardwareSupport = {
  NONE: 0,
  GENERIC: 1,
  MAINLINE: 2,
  SERVICE_PROVIDER: 3,
} as const;

export interface Step {
  step: string;
  priority: number;
  interface: string;
  reboot_requested: boolean;
  argsinfo?: Record<string, { description: string; required: boolean }> | null;
  abortable?: boolean;
}

export interface HardwareManager {
  /** Class-like name: the key of the manager's step list in get_*_steps results. */
  readonly name: string;
  /** Reported in hardware_manager_version, so the conductor notices a changed ramdisk. */
  readonly version: string;
  /** 0 = cannot handle this machine; higher = more specific. */
  evaluateHardwareSupport(): Promise<number>;
  /** The inventory; optional so a vendor manager can leave it to the generic one. */
  collectInventory?(bootifMac: string | null): Promise<Inventory>;
  getDeploySteps?(): Step[];
  getCleanSteps?(): Step[];
}
