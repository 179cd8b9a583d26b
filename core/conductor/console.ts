// Console on and off: the console interface does the work, the node records console_enabled.
import type { ConductorContext } from './context.js';

export interface ConsoleState {
  console_enabled: boolean;
  console_info: { type: string; url: string } | null;
}

export async function setConsoleMode(c: ConductorContext, uuid: string, enabled: boolean): Promise<void> {
  await c.tasks.withExclusive(uuid, async (task) => {
    const console = task.ifaces.console;
    await console.validate(task.ctx);
    if (enabled) await console.start(task.ctx);
    else await console.stop(task.ctx);
    await task.save({ console_enabled: enabled });
    await task.history(`Console ${enabled ? 'enabled' : 'disabled'}`, 'info', 'console');
  });
}

export async function getConsole(c: ConductorContext, uuid: string): Promise<ConsoleState> {
  const task = await c.tasks.shared(uuid);
  if (!task.node.console_enabled) return { console_enabled: false, console_info: null };
  return { console_enabled: true, console_info: await task.ifaces.console.getConsole(task.ctx) };
}
