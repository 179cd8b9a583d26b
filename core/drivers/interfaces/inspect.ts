import type { JsonObject } from '../../db/types.js';
import type { NodeContext } from './task.js';

/** Discovers a node's hardware. */
export interface InspectInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  validate(ctx: NodeContext): Promise<void>;
  /**
   * 'done' with the properties to merge into node.properties (cpus, memory_mb, local_gb…), or
   * 'wait' when the ramdisk reports back later ("inspect wait"). Out-of-band inspection returns
   * an `inventory` in the agent's format: the conductor records it as it records an agent's
   * (properties, ports, stored inventory, inspection rules).
   */
  inspect(ctx: NodeContext): Promise<{ result: 'done'; properties: JsonObject; inventory?: JsonObject } | { result: 'wait' }>;
  abort?(ctx: NodeContext): Promise<void>;
  /**
   * Agent-driven inspection: called once the ramdisk's data is in and recorded (the conductor
   * records it); undoes the ramdisk boot and powers the machine off.
   */
  finishInspection?(ctx: NodeContext): Promise<void>;
}
