#!/usr/bin/env -S node --max-semi-space-size=4
// The `tyr` command: `tyr server` runs the service; the other commands are API clients.
// --max-semi-space-size: a smaller young generation keeps a 10,000-node server under 150 MB RSS
// at a small cost in scavenges (npm run bench -- api measures both; it reads these flags here).
import { Command } from 'commander';
import { installProcessGuards, lineReporter, loggerReporter } from '../core/process-guards.js';
import { registerServerCommand } from './server-command.js';

// Services log the error and exit for their supervisor to restart them; commands print it. The
// guard's logger exists before any config is read, and a fatal line passes every configured level.
const SERVICE_COMMANDS = ['server', 'api', 'conductor', 'nova-shim', 'nova-extension'];
installProcessGuards(
  SERVICE_COMMANDS.includes(process.argv[2] ?? '')
    ? loggerReporter((await import('../core/log.js')).createLogger('info'))
    : lineReporter('tyr'),
);

const program = new Command();
program.name('tyr').description('Tyr bare-metal provisioning').showHelpAfterError();
registerServerCommand(program);

// The long-running server should not carry the client's HTTP and table libraries in memory.
if (process.argv[2] !== 'server') {
  const [{ addConnectionOptions }, { registerNodeCommands }, { registerNodeStateCommands }, { registerPortCommands }] = await Promise.all([
    import('./common-options.js'),
    import('./node-commands.js'),
    import('./node-state-commands.js'),
    import('./port-commands.js'),
  ]);
  const node = addConnectionOptions(program.command('node').description('Enroll, inspect, configure and provision nodes'));
  registerNodeCommands(node);
  registerNodeStateCommands(node);
  (await import('./node-console-command.js')).registerConsole(node);
  (await import('./node-hw-ops-commands.js')).registerHardwareOps(node);
  (await import('./node-sensors-command.js')).registerSensors(node);
  registerPortCommands(addConnectionOptions(program.command('port').description('Manage the network ports of nodes')));
  (await import('./nova-commands.js')).registerNovaCommands(program);
  // The migration pulls in Tyr's data layer: only for itself and for the help listing.
  if ([undefined, 'migrate', 'help', '--help', '-h'].includes(process.argv[2]))
    (await import('./migrate-command.js')).registerMigrateCommands(program);
}

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`tyr: ${err.message}\n`);
  process.exit(1);
});
