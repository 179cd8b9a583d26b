// The one place that knows Tyr's agent and a stock ironic-python-agent apart. The flows (deploy,
// clean, rescue, tear down) ask the node's dialect to do a thing; each dialect speaks its agent's
// command API (docs/agents.md, "Command API"). The node's agent is told by the agent_version its
// heartbeat recorded in driver_internal_info (protocol/agent-family.ts).
import { agentFamily, type AgentFamily } from '../../../protocol/agent-family.js';
import type { JsonObject } from '../../db/types.js';
import type { Step } from '../interfaces/deploy.js';
import type { NodeContext } from '../interfaces/task.js';
import type { ImageDigest } from './boot-root-image.js';
import { IPA_DIALECT } from './ipa-dialect.js';
import { TYR_DIALECT } from './tyr-dialect.js';

/** A step for the agent to run, with its arguments. */
export type AgentStepCall = Step & { args?: JsonObject };

export interface AgentDialect {
  readonly family: AgentFamily;
  /**
   * Deploy step write_image: the image (and config drive) on the disk, ready to boot from it.
   * Returns what driver_internal_info keeps of it. `digest`: the hash Tyr computed for a boot-root
   * image given without one (boot-root-image.ts).
   */
  writeImage(ctx: NodeContext, digest?: ImageDigest): Promise<JsonObject>;
  /** Runs one of the agent's clean steps (clean.execute_clean_step); returns its clean_result. */
  runCleanStep(ctx: NodeContext, step: AgentStepCall, timeoutSeconds: number): Promise<JsonObject>;
  /** tear_down_agent: asks the agent to sync and power the machine off itself. */
  powerOff(ctx: NodeContext): Promise<void>;
  /** Hands the agent the rescue user's password hash (SHA-512 crypt); the agent then stops. */
  finalizeRescue(ctx: NodeContext, hash: string): Promise<void>;
  /** After a failed deploy or clean step, before the machine goes off. Never throws. */
  afterFailure(ctx: NodeContext): Promise<void>;
}

const DIALECTS: Record<AgentFamily, AgentDialect> = { tyr: TYR_DIALECT, ipa: IPA_DIALECT };

export function agentDialect(ctx: NodeContext): AgentDialect {
  return DIALECTS[agentFamily(ctx.node.driver_internal_info.agent_version)];
}
