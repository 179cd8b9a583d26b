import type { JsonObject } from '../../db/types.js';
import type { NodeContext } from './task.js';

/** One deploy or clean step, as Ironic names them (deploy_step / clean_step on the node). */
export interface Step {
  step: string;
  interface: string;
  priority: number;
  args?: JsonObject;
}

/** What a step leaves behind for the conductor to record. */
export interface StepResult {
  /** Merged into driver_internal_info (e.g. root_device). */
  info?: JsonObject;
  /** The power state the step left the machine in. */
  power_state?: 'power on' | 'power off';
  /** A summary for the node's history (burn-in metrics, the RAID built, firmware versions). */
  record?: JsonObject;
}

/**
 * How an image reaches the node's disk. `deploy` returns 'done' when the instance is in place,
 * or 'wait' when the node must call back (the agent), leaving it in "wait call-back".
 */
export interface DeployInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  validate(ctx: NodeContext): Promise<void>;
  deploy(ctx: NodeContext): Promise<'done' | 'wait'>;
  /** Removes the instance: the node is powered off and its instance data forgotten. */
  tearDown(ctx: NodeContext): Promise<void>;
  /** Automated or manual cleaning; 'wait' when an agent finishes it asynchronously. */
  clean(ctx: NodeContext, steps?: Record<string, unknown>[]): Promise<'done' | 'wait'>;
  /** Takes over a node that already runs an instance, without touching its disk. */
  takeOver?(ctx: NodeContext): Promise<void>;

  // Agent-driven deploy interfaces: after the agent's first heartbeat in a wait state, the
  // conductor runs these steps in priority order (highest first), one at a time.
  /** The deploy steps left to run once the ramdisk called back. */
  deploySteps?(ctx: NodeContext): Step[];
  executeDeployStep?(ctx: NodeContext, step: Step): Promise<StepResult | void>;
  /** Automated clean steps (manual cleaning runs the operator's list instead). */
  cleanSteps?(ctx: NodeContext): Step[];
  executeCleanStep?(ctx: NodeContext, step: Step): Promise<StepResult | void>;
  /** After a failed step: make the machine safe (power off). Must not throw. */
  onStepFailure?(ctx: NodeContext): Promise<void>;
}
