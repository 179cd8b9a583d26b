// `tyr node`: every node subcommand under the shared connection options.
import type { Command } from 'commander';
import { addConnectionOptions } from './common-options.js';
import { registerConsole } from './node-console-command.js';
import { registerNodeCommands } from './node-commands.js';
import { registerHardwareOps } from './node-hw-ops-commands.js';
import { registerSensors } from './node-sensors-command.js';
import { registerNodeStateCommands } from './node-state-commands.js';

export function registerNodeGroup(program: Command): void {
  const node = addConnectionOptions(program.command('node').description('Enroll, inspect, configure and provision nodes'));
  registerNodeCommands(node);
  registerNodeStateCommands(node);
  registerConsole(node);
  registerHardwareOps(node);
  registerSensors(node);
}
