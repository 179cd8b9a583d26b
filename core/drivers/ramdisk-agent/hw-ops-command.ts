// Runs one of the agent's hardware-operation clean steps (clean.execute_clean_step) and returns
// its clean_result. Shared by the agent bios, raid, firmware interfaces and the burn-in steps.
// The conductor waits conductor.clean_callback_timeout for it, or longer when the step asks for
// it: a burn-in's `duration` plus half an hour, or an explicit `timeout` (seconds) in its args.
import { parseCleanStepResult } from '../../../protocol/results/clean-step.js';
import type { JsonObject } from '../../db/types.js';
import { asHardwareError } from '../../shape-errors.js';
import type { NodeContext } from '../interfaces/task.js';
import { runLongCommand } from './commands.js';

const MARGIN_S = 1800;

export function stepTimeout(configured: number, args: JsonObject): number {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
  if (configured === 0) return 0; // 0: no limit
  return Math.max(configured, num(args.duration) > 0 ? num(args.duration) + MARGIN_S : 0, num(args.timeout));
}

export async function runAgentStep(ctx: NodeContext, iface: string, step: string, args: JsonObject): Promise<JsonObject> {
  const node = { uuid: ctx.node.uuid, properties: ctx.node.properties, instance_info: {} };
  const result = await runLongCommand(
    ctx,
    'clean.execute_clean_step',
    { step: { interface: iface, step, priority: 0, args }, node, ports: [] },
    stepTimeout(ctx.config.conductor.clean_callback_timeout, args),
  );
  return asHardwareError(
    () => parseCleanStepResult(result.command_result),
    `Clean step ${iface}.${step} on the agent of node ${ctx.node.uuid}`,
  );
}
