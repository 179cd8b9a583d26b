// Boot mode (uefi/bios) and secure boot changes (API 1.76): checked and started under the node
// lock, then run in the background like Ironic's (202); the node's boot_mode/secure_boot fields
// change once the management interface has done it, and a failure lands in last_error.
import type { BootMode } from '../drivers/interfaces/management.js';
import { Conflict, UnsupportedDriverExtension } from '../errors.js';
import type { ConductorContext } from './context.js';
import { startInBackground } from './flows/background.js';
import { IN_PROGRESS_STATES, WAIT_STATES } from '../states/provision-states.js';
import type { Task } from './task-manager.js';

/** Refuses while the node is in the middle of something the change could disturb. */
function requireSteady(task: Task, what: string): void {
  const state = task.node.provision_state;
  if (IN_PROGRESS_STATES.has(state) || WAIT_STATES.has(state)) {
    throw new Conflict(
      `Node ${task.node.uuid} is in "${task.node.provision_state}"; its ${what} is not changed while it is transitioning, as that could interfere. Try again once it is in a stable state.`,
    );
  }
}

async function change(
  c: ConductorContext,
  uuid: string,
  what: string,
  act: (task: Task) => Promise<string | void>,
  record: Parameters<Task['save']>[0],
  capable: (task: Task) => boolean,
  unsupportedHint: string,
): Promise<void> {
  const task = await c.tasks.exclusive(uuid);
  await startInBackground(
    c.pool,
    task,
    async () => {
      if (!capable(task)) {
        throw new UnsupportedDriverExtension(
          `Changing the ${what} is not supported by the ${task.node.management_interface} management interface of node ${task.node.uuid}; ${unsupportedHint}.`,
        );
      }
      requireSteady(task, what);
      await task.ifaces.management.validate(task.ctx);
      await task.save({ last_error: null });
    },
    async () => {
      const note = await act(task);
      await task.save(record);
      const changed = `${what[0]!.toUpperCase()}${what.slice(1)} changed: ${JSON.stringify(record)}`;
      await task.history(note ? `${changed}. ${note}` : changed, 'info', 'management');
    },
    async (message) => {
      const error = `Failed to change the ${what} of node ${task.node.uuid}: ${message}`;
      await task.save({ last_error: error });
      await task.history(error, 'error', 'management');
    },
  );
}

export function changeBootMode(c: ConductorContext, uuid: string, mode: BootMode): Promise<void> {
  return change(
    c,
    uuid,
    'boot mode',
    (task) => task.ifaces.management.setBootMode!(task.ctx, mode),
    { boot_mode: mode },
    (task) => task.ifaces.management.setBootMode !== undefined,
    "change it in the machine's firmware setup, or use a management interface that can (redfish, ipmitool)",
  );
}

export function changeSecureBoot(c: ConductorContext, uuid: string, enabled: boolean): Promise<void> {
  return change(
    c,
    uuid,
    'secure boot state',
    (task) => task.ifaces.management.setSecureBoot!(task.ctx, enabled),
    { secure_boot: enabled },
    (task) => task.ifaces.management.setSecureBoot !== undefined,
    // IPMI has no Secure Boot command at all; Redfish has the SecureBoot resource.
    "change it in the machine's firmware setup, or manage the node through redfish (baremetal node set --management-interface redfish)",
  );
}
