// The interface kinds a node combines, and the TypeScript interface behind each kind. `network`
// and `storage` are named on nodes (Ironic's fields) but have no behaviour in Tyr yet: their
// only implementation is `noop`, whose validate() accepts everything.
import type { BiosInterface } from './bios.js';
import type { BootInterface } from './boot.js';
import type { ConsoleInterface } from './console.js';
import type { DeployInterface } from './deploy.js';
import type { FirmwareInterface } from './firmware.js';
import type { InspectInterface } from './inspect.js';
import type { ManagementInterface } from './management.js';
import type { PowerInterface } from './power.js';
import type { RaidInterface } from './raid.js';
import type { RescueInterface } from './rescue.js';
import type { NodeContext } from './task.js';
import type { VendorInterface } from './vendor.js';

/** An interface kind with no behaviour yet (network, storage). */
export interface PassiveInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  validate(ctx: NodeContext): Promise<void>;
}

export interface InterfaceTypes {
  power: PowerInterface;
  management: ManagementInterface;
  boot: BootInterface;
  deploy: DeployInterface;
  inspect: InspectInterface;
  console: ConsoleInterface;
  rescue: RescueInterface;
  bios: BiosInterface;
  raid: RaidInterface;
  firmware: FirmwareInterface;
  vendor: VendorInterface;
  network: PassiveInterface;
  storage: PassiveInterface;
}

export type InterfaceKind = keyof InterfaceTypes;

/** In the order Ironic lists them; also the order of /validate output. */
export const INTERFACE_KINDS: readonly InterfaceKind[] = [
  'bios',
  'boot',
  'console',
  'deploy',
  'firmware',
  'inspect',
  'management',
  'network',
  'power',
  'raid',
  'rescue',
  'storage',
  'vendor',
];

/** One node's resolved implementations, one per kind. */
export type NodeInterfaces = { readonly [K in InterfaceKind]: InterfaceTypes[K] };
