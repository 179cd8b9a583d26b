// The node as the agent's steps read it (clean.get_clean_steps / execute_clean_step's `node`):
// its root device hints in properties, nothing secret. Ironic sends node.as_dict(secure=True);
// IPA's generic hardware manager reads only uuid, properties and instance_info from it.
import type { NodeContext } from '../interfaces/task.js';

export function stepNode(ctx: NodeContext) {
  return { uuid: ctx.node.uuid, properties: ctx.node.properties, instance_info: {} };
}
