// Console on and off: the console interface does the work, the node records console_enabled.
import type { ConductorContext } from './context.js';
import { forEachOwnedNode } from './periodic/batches.js';

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

/**
 * Conductor start-up: consoles enabled before a restart are started again, so console sessions
 * survive API restarts. A node whose console cannot start keeps console_enabled (the operator
 * asked for it) and gets the reason in its history and last_error.
 */
export async function restoreConsoles(c: ConductorContext): Promise<number> {
  let restored = 0;
  const filter = { conductor_group: c.config.conductor.conductor_group };
  await forEachOwnedNode(c, filter, 4, undefined, async (node) => {
    if (!node.console_enabled) return;
    try {
      await c.tasks.withExclusive(node.uuid, async (task) => {
        await task.ifaces.console.start(task.ctx);
        await task.history('Console re-established after a conductor restart', 'info', 'console');
      });
      restored++;
    } catch (err) {
      const message = `Could not re-establish the console after a conductor restart: ${(err as Error).message}`;
      c.log.warn({ node_uuid: node.uuid, err: (err as Error).message }, 'console not restored');
      await c.store.nodes.update(node.id, { last_error: message }).catch(() => undefined);
      await c.store.history
        .add({ node_id: node.id, event: message, event_type: 'console', severity: 'error', conductor: c.host })
        .catch(() => undefined);
    }
  });
  return restored;
}
