// `tyr server`: the all-in-one service (API, conductor and boot server) in one process.
import type { Command } from 'commander';
import { CONFIG_SCHEMA, type OptionSpec } from '../core/config.js';
import { loadConfig } from '../core/config-load.js';
import { ConfigError } from '../core/errors.js';
import { startServer } from '../core/server.js';

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

export function registerServerCommand(program: Command): void {
  addConfigFlags(program.command('server').description('Run the API, conductor and boot server in one process'))
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      // commander camel-cases flags; the config loader wants the flag names.
      const flags = Object.fromEntries(Object.entries(opts).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v]));
      try {
        const config = loadConfig({ file: (opts.config as string | undefined) ?? process.env.TYR_CONFIG, flags });
        const server = await startServer(config);
        const shutdown = () => {
          server.stop().then(() => process.exit(0), () => process.exit(1));
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`tyr server: ${err.message}\n`);
          process.exit(2);
        }
        throw err;
      }
    });
}
