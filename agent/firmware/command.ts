// The `command` updater: runs a vendor tool with the firmware file as its one argument. Only a
// tool on the node's allowed list (driver_info.agent_firmware_commands) may run: the list comes
// from the operator's node record, never from the step's own arguments alone.
import path from 'node:path';
import { run } from '../exec.js';
import type { FirmwareUpdater } from './plugin.js';

export const commandUpdater: FirmwareUpdater = {
  name: 'command',
  async available() {
    return true;
  },
  handles: (entry) => typeof entry.command === 'string',
  async update(entry, file, ctx) {
    const tool = entry.command;
    if (!tool) throw new Error(`firmware for ${entry.component}: the command updater needs "command" (the vendor tool)`);
    if (!ctx.allowedCommands.includes(tool)) {
      throw new Error(
        `firmware for ${entry.component}: ${tool} is not on the node's allowed list (driver_info/agent_firmware_commands: ${ctx.allowedCommands.join(', ') || 'empty'})`,
      );
    }
    if (!path.isAbsolute(tool)) throw new Error(`firmware for ${entry.component}: the vendor tool must be an absolute path, got ${tool}`);
    await run(tool, [file], 3600_000);
  },
};
