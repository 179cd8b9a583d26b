#!/usr/bin/env node
// The `tyr` command: `tyr server` runs the service; the other commands are API clients.
import { Command } from 'commander';
import { registerServerCommand } from './server-command.js';

const program = new Command();
program.name('tyr').description('Tyr bare-metal provisioning').showHelpAfterError();
registerServerCommand(program);

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`tyr: ${err.message}\n`);
  process.exit(1);
});
