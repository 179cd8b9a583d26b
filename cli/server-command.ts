// `tyr server`: the all-in-one service (API, conductor and boot server) in one process; and its two
// scale-out halves, `tyr api` and `tyr conductor`.
import type { Command } from 'commander';
import { CONFIG_SCHEMA, type Config, type OptionSpec } from '../core/config.js';
import { ConfigError } from '../core/errors.js';
import { databaseUrlOption } from './secret-args.js';

type Start = (config: Config) => Promise<{ stop(): Promise<void> }>;

/** Adds every flagged option of the config schema to a command, with its help and default. */
export function addConfigFlags(cmd: Command): Command {
  for (const options of Object.values(CONFIG_SCHEMA) as Record<string, OptionSpec>[]) {
    for (const spec of Object.values(options)) {
      if (!spec.flag) continue;
      const help = `${spec.help} [env TYR_${spec.flag.toUpperCase().replace(/-/g, '_')}, default ${JSON.stringify(spec.default)}]`;
      if (spec.type === 'bool') cmd.option(`--${spec.flag}`, help);
      else cmd.option(`--${spec.flag} <value>`, help);
    }
  }
  return cmd.option('--config <file>', 'TOML config file with [section] tables (see README)');
}

/** One long-running service command: config from file, env and flags; clean stop on SIGINT/SIGTERM. */
function registerServiceCommand(
  program: Command,
  name: string,
  description: string,
  // Imported only when the command runs: the help listing must not load the server.
  loadStart: () => Promise<Start>,
): void {
  addConfigFlags(program.command(name).description(description)).action(async (opts: Record<string, string | boolean | undefined>) => {
    // commander camel-cases flags; the config loader wants the flag names.
    const flags = Object.fromEntries(Object.entries(opts).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v]));
    try {
      flags.db = databaseUrlOption(flags.db as string | undefined);
      const { loadConfig } = await import('../core/config-load.js');
      const config = loadConfig({ file: (opts.config as string | undefined) ?? process.env.TYR_CONFIG, flags });
      const running = await (await loadStart())(config);
      const shutdown = () => {
        running.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    } catch (err) {
      if (err instanceof ConfigError) {
        process.stderr.write(`tyr ${name}: ${err.message}\n`);
        process.exit(2);
      }
      throw err;
    }
  });
}

export function registerServerCommand(program: Command): void {
  registerServiceCommand(
    program,
    'server',
    'Run the API, conductor and boot server in one process (the default)',
    async () => (await import('../core/server.js')).startServer,
  );
  registerServiceCommand(
    program,
    'api',
    'Scale-out: run the REST API alone; node actions go to their conductors over RPC (needs TYR_RPC_SECRET)',
    async () => (await import('../core/processes/api-process.js')).startApiProcess,
  );
  registerServiceCommand(
    program,
    'conductor',
    'Scale-out: run one conductor with its boot server (--host names it; needs TYR_RPC_SECRET and api.public_url)',
    async () => (await import('../core/processes/conductor-process.js')).startConductorProcess,
  );
}
