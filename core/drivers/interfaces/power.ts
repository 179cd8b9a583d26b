import type { NodeContext } from './task.js';

/** Ironic's power states, as stored in `nodes.power_state`. */
export type PowerState = 'power on' | 'power off' | 'error';

/** Targets accepted by PUT /v1/nodes/{node}/states/power. */
export type PowerTarget = 'power on' | 'power off' | 'rebooting' | 'soft power off' | 'soft rebooting';

/** Turns a node on and off through its BMC. */
export interface PowerInterface {
  /** Driver-info keys this implementation reads: name → { description, required }. */
  readonly properties: Record<string, { description: string; required: boolean }>;

  /** Checks driver_info is complete and well-formed, without touching the BMC. */
  validate(ctx: NodeContext): Promise<void>;

  /** Reads the current power state from the BMC; null when it is not known (a fake node never switched). */
  getPowerState(ctx: NodeContext): Promise<PowerState | null>;

  /**
   * Requests `target` ('power on' | 'power off', or a soft power off) and returns once the BMC
   * reports it, or throws HardwareError after `timeoutSeconds`.
   */
  setPowerState(ctx: NodeContext, target: 'power on' | 'power off' | 'soft power off', timeoutSeconds?: number): Promise<void>;

  /** Power cycles the node (hard or soft) and returns when it is on again. */
  reboot(ctx: NodeContext, soft: boolean, timeoutSeconds?: number): Promise<void>;

  /** Power targets this implementation supports. */
  supportedPowerStates(ctx: NodeContext): PowerTarget[];
}
