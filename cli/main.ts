#!/usr/bin/env -S node --max-semi-space-size=4
// The `tyr` command: `tyr server` runs the service; the other commands are API clients.
// --max-semi-space-size: a smaller young generation keeps a 10,000-node server under 150 MB RSS
// at a small cost in scavenges (npm run bench -- api measures both; it reads these flags here).
import module from 'node:module';
import { Command } from 'commander';
import { installProcessGuards, lineReporter, loggerReporter } from '../core/process-guards.js';
import { registerCommands } from './command-groups.js';

// Services log the error and exit for their supervisor to restart them; commands print it. The
// guard's logger exists before any config is read, and a fatal line passes every configured level.
const SERVICE_COMMANDS = ['server', 'api', 'conductor', 'nova-shim', 'nova-extension'];
const isService = SERVICE_COMMANDS.includes(process.argv[2] ?? '');
// A service's stack traces point into the TypeScript sources (the bundle's chunks load after this
// call). Client commands print one line per error and skip the cost of reading source maps.
if (isService) process.setSourceMapsEnabled(true);
installProcessGuards(isService ? loggerReporter((await import('../core/log.js')).createLogger('info')) : lineReporter('tyr'));

// Node >= 22.1 keeps the compiled chunks between runs (the code a command imports from here on);
// Node 20 has no compile cache, and the call is skipped.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const program = new Command();
program.name('tyr').description('Tyr bare-metal provisioning').showHelpAfterError();
await registerCommands(program, process.argv[2]);

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`tyr: ${err.message}\n`);
  process.exit(1);
});
