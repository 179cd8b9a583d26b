// Power changes: target_power_state is set while the change runs and cleared after; a failure
// records last_error and leaves power_state as the BMC reports it.
import type { PowerTarget } from '../drivers/interfaces/power.js';
import { InvalidParameterValue } from '../errors.js';
import type { ConductorContext } from './context.js';
import { startInBackground } from './flows/background.js';

const TARGETS: readonly PowerTarget[] = ['power on', 'power off', 'rebooting', 'soft power off', 'soft rebooting'];

export async function changePowerState(c: ConductorContext, uuid: string, target: PowerTarget, timeoutSeconds?: number): Promise<void> {
  if (!TARGETS.includes(target)) {
    throw new InvalidParameterValue(`"${String(target)}" is not a valid power state target. Valid targets: ${TARGETS.join(', ')}.`);
  }
  if (timeoutSeconds !== undefined && (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1)) {
    throw new InvalidParameterValue(`The power state change timeout must be a positive integer of seconds, not ${timeoutSeconds}.`);
  }
  const task = await c.tasks.exclusive(uuid);
  const power = task.ifaces.power;
  try {
    if (!power.supportedPowerStates(task.ctx).includes(target)) {
      throw new InvalidParameterValue(
        `The ${task.node.power_interface} power interface of node ${task.node.uuid} does not support "${target}". Supported: ${power.supportedPowerStates(task.ctx).join(', ')}.`,
      );
    }
    await power.validate(task.ctx);
  } catch (err) {
    await task.release();
    throw err;
  }
  const timeout = timeoutSeconds ?? c.config.conductor.power_state_change_timeout;
  const final = target === 'power off' || target === 'soft power off' ? 'power off' : 'power on';
  await startInBackground(
    c.pool,
    task,
    async () => {
      await task.save({ target_power_state: final, last_error: null });
    },
    async () => {
      if (target === 'rebooting' || target === 'soft rebooting') await power.reboot(task.ctx, target === 'soft rebooting', timeout);
      else await power.setPowerState(task.ctx, target, timeout);
      const before = task.node.power_state;
      await task.save({ power_state: final, target_power_state: null });
      await task.history(`Power state changed from ${before ?? 'None'} to ${final} (${target})`, 'info', 'power');
    },
    async (message) => {
      const real = await power.getPowerState(task.ctx).catch(() => undefined);
      const error = `Failed to change power state to "${target}": ${message}`;
      await task.save({ target_power_state: null, last_error: error, ...(real ? { power_state: real } : {}) });
      await task.history(error, 'error', 'power');
    },
  );
}
