// Following a Redfish task to its end: an action that works in the background (SimpleUpdate, a
// multipart push, a volume creation) answers 202 with the task's monitor in Location, or the
// Task itself. The task is read until its TaskState is final or the timeout passes; a task that
// ends in Exception, Killed or Cancelled fails with the task's own Messages, so they reach the
// node's last_error.
import { HardwareError } from '../../errors.js';
import type { JsonObject } from '../../db/types.js';
import type { NodeContext } from '../interfaces/task.js';
import type { RedfishConnection, RedfishResponse } from './connection.js';
import { pause } from '../pause.js';
import { list, num, str } from './resource-fields.js';

const FAILED = new Set(['Exception', 'Killed', 'Cancelled', 'Interrupted']);
const DONE = new Set(['Completed', ...FAILED]);

/** Where to read the task an answer started: the Task it returned, else its Location; null when it finished at once. */
export function taskPathOf(response: RedfishResponse): string | null {
  const body = response.body;
  if (body && typeof body.TaskState === 'string' && typeof body['@odata.id'] === 'string') return body['@odata.id'];
  const location = response.headers.location;
  if (response.status === 202 && location) return location.replace(/^https?:\/\/[^/]+/, '');
  return null;
}

/** The task's Messages as one line ("Message (MessageId)" each). */
export function taskMessages(task: JsonObject): string {
  return list(task, 'Messages')
    .filter((m): m is JsonObject => typeof m === 'object' && m !== null)
    .map((m) => str(m, 'Message') ?? str(m, 'MessageId'))
    .filter((m): m is string => m !== null)
    .join(' ');
}

export function isFinal(task: JsonObject): boolean {
  return DONE.has(str(task, 'TaskState') ?? '');
}

export function isFailed(task: JsonObject): boolean {
  return FAILED.has(str(task, 'TaskState') ?? '') || str(task, 'TaskStatus') === 'Critical';
}

/**
 * Reads the task until it ends; resolves with its final representation. A monitor URI that
 * answers with something other than a Task once the work is over (the DMTF monitor gives the
 * action's result) counts as Completed.
 */
export async function followTask(ctx: NodeContext, conn: RedfishConnection, path: string, what: string): Promise<JsonObject> {
  const { task_poll_interval_ms: interval, task_timeout_seconds: timeout } = ctx.config.redfish;
  const deadline = Date.now() + timeout * 1000;
  for (;;) {
    const task = await conn.get(path);
    if (typeof task.TaskState !== 'string') return { TaskState: 'Completed' };
    if (isFinal(task)) {
      if (isFailed(task)) {
        const messages = taskMessages(task);
        throw new HardwareError(
          `Node ${ctx.node.uuid}: ${what} failed on the BMC (task ${path} ${str(task, 'TaskState')})${messages ? `: ${messages}` : ''}`,
        );
      }
      return task;
    }
    if (Date.now() >= deadline || ctx.signal?.aborted) {
      throw new HardwareError(
        `Node ${ctx.node.uuid}: ${what} did not finish within ${timeout} s (task ${path} is ${str(task, 'TaskState')}, ${num(task, 'PercentComplete') ?? '?'}%); check the BMC, or raise redfish.task_timeout_seconds.`,
      );
    }
    await pause(interval, ctx.signal);
  }
}
