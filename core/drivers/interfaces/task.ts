// What a hardware interface method receives: the node it acts on (locked by the caller when the
// method changes anything), a logger bound to that node, and the service configuration.
import type { Config } from '../../config.js';
import type { Node } from '../../db/types.js';
import type { Logger } from '../../log.js';

export interface NodeContext {
  readonly node: Node;
  readonly log: Logger;
  readonly config: Config;
  /** Aborted when the operation is cancelled or the process is stopping. */
  readonly signal?: AbortSignal;
}

/** Result of `validate()`: problems are thrown as InvalidParameterValue with a readable message. */
export type ValidateResult = void;
