// The shim's errors. Each carries its HTTP status and a Nova exception name (`type`), so the
// Python adapter can raise the matching nova.exception class without any logic of its own.
import { TyrApiError } from '../client/errors.js';

export class ShimError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export const invalidInput = (msg: string) => new ShimError(400, 'InvalidInput', msg);
export const instanceNotFound = (uuid: string) =>
  new ShimError(404, 'InstanceNotFound', `Instance ${uuid} could not be found: no Tyr node has it as instance_uuid.`);
export const nodeNotFound = (node: string) =>
  new ShimError(404, 'ComputeHostNotFound', `Node ${node} could not be found in Tyr; list the nodes with GET /nodes.`);
export const resourcesUnavailable = (msg: string) => new ShimError(409, 'ComputeResourcesUnavailable', msg);
/** The node failed the operation: not the caller's input, not a shim bug; the node's state conflicts. */
export const deployFailure = (msg: string) => new ShimError(409, 'InstanceDeployFailure', msg);
export const consoleUnavailable = (msg: string) => new ShimError(409, 'ConsoleTypeUnavailable', msg);
export const instanceFailure = (type: string, msg: string) => new ShimError(409, type, msg);

/**
 * A core API error seen through the shim: its 4xx keep their status and message; an unreachable
 * core is 503 and a core 5xx is 502, since neither is the shim's own bug nor the caller's input.
 */
export function fromCoreError(err: unknown): unknown {
  if (!(err instanceof TyrApiError)) return err;
  if (err.status === 0) return new ShimError(503, 'CoreUnavailable', err.message);
  if (err.status >= 500) return new ShimError(502, 'CoreError', `Tyr core failed ${err.method} ${err.url}: ${err.message}`);
  const type = err.status === 404 ? 'NotFound' : err.status === 409 ? 'Conflict' : 'InvalidInput';
  return new ShimError(err.status, type, err.message);
}
