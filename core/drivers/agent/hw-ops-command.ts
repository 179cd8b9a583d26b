// Runs one of the agent's hardware-operation clean steps (clean.execute_clean_step) and returns
// its clean_result. Shared by the agent bios, raid, firmware interfaces and the burn-in steps.
import type { JsonObject } from '../../db/types.js';
import type { NodeContext } from '../interfaces/task.js';
import { runLongCommand } from './commands.js';

export async function runAgentStep(ctx: NodeContext, iface: string, step: string, args: JsonObject): Promise<JsonObject> {
  const node = { uuid: ctx.node.uuid, properties: ctx.node.properties, instance_info: {} };
  const result = await runLongCommand(ctx, 'clean.execute_clean_step',
    { step: { interface: iface, step, priority: 0, args }, node, ports: [] }, ctx.config.conductor.clean_callback_timeout);
  const r = (result.command_result ?? {}) as { clean_result?: JsonObject };
  return r.clean_result ?? {};
}
