#!/usr/bin/env node
// The `tyr` command: `tyr server` runs the service; the other commands are API clients.
import { Command } from 'commander';
import { addConnectionOptions } from './common-options.js';
import { registerNodeCommands } from './node-commands.js';
import { registerNodeStateCommands } from './node-state-commands.js';
import { registerPortCommands } from './port-commands.js';
import { registerServerCommand } from './server-command.js';

const program = new Command();
program.name('tyr').description('Tyr bare-metal provisioning').showHelpAfterError();
registerServerCommand(program);

const node = addConnectionOptions(program.command('node').description('Enroll, inspect, configure and provision nodes'));
registerNodeCommands(node);
registerNodeStateCommands(node);
registerPortCommands(addConnectionOptions(program.command('port').description('Manage the network ports of nodes')));

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`tyr: ${err.message}\n`);
  process.exit(1);
});
