// What a hardware interface method receives: the node it acts on (locked by the caller when the
// method changes anything), a logger bound to that node, and the service configuration.
import type { Config } from '../../config.js';
import type { Node } from '../../db/types.js';
import type { Logger } from '../../log.js';
import type { NodeInterfaces } from './kinds.js';

export interface NodeContext {
  readonly node: Node;
  readonly log: Logger;
  readonly config: Config;
  /** Aborted when the operation is cancelled or the process is stopping. */
  readonly signal?: AbortSignal;
  /**
   * The node's other interfaces, as Ironic's task.driver: a boot interface sets the boot device
   * through `management`, a deploy interface reboots through `power`. Interfaces only, never
   * implementations.
   */
  readonly driver?: NodeInterfaces;
}

/** The sibling interfaces, or a clear error when a caller built a context without them. */
export function driverOf(ctx: NodeContext): NodeInterfaces {
  if (!ctx.driver) throw new Error(`internal: node ${ctx.node.uuid} context has no driver interfaces`);
  return ctx.driver;
}

/** Result of `validate()`: problems are thrown as InvalidParameterValue with a readable message. */
export type ValidateResult = void;
