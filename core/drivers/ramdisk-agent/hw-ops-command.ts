// Runs one of the agent's hardware-operation clean steps (clean.execute_clean_step) and returns
// its clean_result. Shared by the agent bios, raid, firmware interfaces and the burn-in steps.
// The conductor waits conductor.clean_callback_timeout for it, or longer when the step asks for
// it: a burn-in's `duration` plus half an hour, or an explicit `timeout` (seconds) in its args.
import type { JsonObject } from '../../db/types.js';
import type { NodeContext } from '../interfaces/task.js';
import { agentDialect } from './dialect.js';

const MARGIN_S = 1800;

export function stepTimeout(configured: number, args: JsonObject): number {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
  if (configured === 0) return 0; // 0: no limit
  return Math.max(configured, num(args.duration) > 0 ? num(args.duration) + MARGIN_S : 0, num(args.timeout));
}

export async function runAgentStep(ctx: NodeContext, iface: string, step: string, args: JsonObject): Promise<JsonObject> {
  return agentDialect(ctx).runCleanStep(
    ctx,
    { interface: iface, step, priority: 0, args },
    stepTimeout(ctx.config.conductor.clean_callback_timeout, args),
  );
}
