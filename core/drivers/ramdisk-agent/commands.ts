// Running agent commands from a task. Long commands (image write, disk erase) are started with
// wait=false and polled here, every conductor.agent_command_poll_interval_ms, while the caller
// holds the node's task. This was chosen over persisting the command id and resuming on each
// heartbeat: one code path runs a step from start to end, the lock keeps every other operation
// off the node meanwhile, heartbeats still record progress (they take no lock), and a conductor
// restart fails the in-progress node the usual way (recoverAfterRestart). The poll is bounded by
// the wait state's call-back timeout and stops when the task is aborted.
import { setTimeout as sleep } from 'node:timers/promises';
import { agentFamily, type AgentFamily } from '../../../protocol/agent-family.js';
import { HardwareError } from '../../errors.js';
import { asText } from '../../as-text.js';
import type { NodeContext } from '../interfaces/task.js';
import { AgentClient, type CommandResult } from './agent-client.js';

/** Where each agent reads the token (IPA's api/app.py looks only at the query). */
const TOKEN_IN: Record<AgentFamily, 'header' | 'query'> = { tyr: 'header', ipa: 'query' };

export function agentClient(ctx: NodeContext, timeoutMs?: number): AgentClient {
  const info = ctx.node.driver_internal_info;
  return new AgentClient({
    url: asText(info.agent_url ?? ''),
    token: asText(info.agent_secret_token ?? ''),
    tokenIn: TOKEN_IN[agentFamily(info.agent_version)],
    verifyCa: typeof info.agent_verify_ca === 'string' && info.agent_verify_ca !== '' ? info.agent_verify_ca : undefined,
    node: ctx.node.uuid,
    timeoutMs,
  });
}

/** Starts `name`, then polls it until it ends; FAILED rejects with the agent's message. */
export async function runLongCommand(
  ctx: NodeContext,
  name: string,
  params: Record<string, unknown>,
  timeoutSeconds: number,
): Promise<CommandResult> {
  const client = agentClient(ctx);
  let result = await client.runCommand(name, params, { wait: false });
  const interval = ctx.config.conductor.agent_command_poll_interval_ms;
  const deadline = timeoutSeconds > 0 ? Date.now() + timeoutSeconds * 1000 : Infinity;
  while (result.command_status === 'RUNNING') {
    if (Date.now() > deadline) {
      throw new HardwareError(
        `Command ${name} on the agent of node ${ctx.node.uuid} was still running after ${timeoutSeconds} seconds; gave up waiting.`,
      );
    }
    await sleep(interval, undefined, ctx.signal ? { signal: ctx.signal } : undefined);
    result = await client.getCommand(result.id, name);
  }
  return result;
}

/**
 * A command after which the agent stops answering (power off, finalize rescue): its reply may
 * never arrive because the machine goes away first, so a dropped connection counts as done; a
 * FAILED result or a refusal does not. With wait false (IPA's asynchronous power_off, sent as
 * Ironic sends it), the command having started is enough.
 */
export async function runFinalCommand(
  ctx: NodeContext,
  name: string,
  params: Record<string, unknown> = {},
  opts: { wait?: boolean } = {},
): Promise<void> {
  try {
    await agentClient(ctx, 30_000).runCommand(name, params, { wait: opts.wait ?? true });
  } catch (err) {
    const message = (err as Error).message ?? '';
    if (/Cannot reach|did not answer|ECONNRESET|socket hang up/.test(message)) {
      ctx.log.info({ command: name, err: message }, 'agent went away while answering; taken as done');
      return;
    }
    throw err;
  }
}
