// `tyr migrate nova-baremetal`: the offline migration from Nova's old baremetal driver into Tyr's
// own database (the configured --db, as `tyr server` would open it). The data layer loads only
// when the migration runs, not for the help listing.
import type { Command } from 'commander';
import { ConfigError, TyrError } from '../core/errors.js';
import { databaseUrlOption } from './secret-args.js';

interface Flags {
  source: string;
  nodeArch: string;
  deployKernel?: string;
  deployRamdisk?: string;
  dryRun?: boolean;
  report?: string;
  provide: boolean;
  db?: string;
  dataDir?: string;
  config?: string;
}

export function registerMigrateCommands(program: Command): void {
  const migrate = program.command('migrate').description('Move machines from other provisioning systems into Tyr (offline)');
  migrate
    .command('nova-baremetal')
    .description("Turn the nova baremetal driver's bm_nodes and bm_interfaces into Tyr nodes and ports; tyr server must be stopped")
    .requiredOption('--source <file-or-url>', 'the nova baremetal database: a SQLite file, or mysql://user:pass@host:port/nova_bm')
    .option('--node-arch <arch>', 'properties.cpu_arch of the migrated nodes', 'x86_64')
    .option('--deploy-kernel <url>', 'driver_info.deploy_kernel of the migrated nodes')
    .option('--deploy-ramdisk <url>', 'driver_info.deploy_ramdisk of the migrated nodes')
    .option('--dry-run', 'print the plan (every node and port and what it becomes) and write nothing')
    .option('--report <file.json>', 'write a JSON report: counts migrated, skipped and invalid, with reasons')
    .option('--no-provide', 'leave nodes without an instance in manageable instead of available')
    .option(
      '--db <url>',
      'Tyr database, as for tyr server; @FILE reads the URL from a file [env TYR_DB, default sqlite:<data-dir>/tyr.sqlite]',
    )
    .option('--data-dir <dir>', 'Tyr data directory, as for tyr server [env TYR_DATA_DIR, default ./var]')
    .option('--config <file>', 'TOML config file, as for tyr server')
    .action(async (flags: Flags) => {
      try {
        const [{ loadConfig }, { openDatabase }, { Store }, { migrateNovaBaremetal }] = await Promise.all([
          import('../core/config-load.js'),
          import('../core/db/connect.js'),
          import('../core/db/store.js'),
          import('../migrate/run.js'),
        ]);
        const config = loadConfig({
          file: flags.config ?? process.env.TYR_CONFIG,
          flags: { db: databaseUrlOption(flags.db), 'data-dir': flags.dataDir },
        });
        const store = new Store(await openDatabase(config.database.url, { sqliteSynchronous: config.database.sqlite_synchronous }));
        try {
          await migrateNovaBaremetal(
            store,
            config,
            {
              source: flags.source,
              nodeArch: flags.nodeArch,
              deployKernel: flags.deployKernel,
              deployRamdisk: flags.deployRamdisk,
              dryRun: Boolean(flags.dryRun),
              reportFile: flags.report,
              provide: flags.provide,
            },
            (text) => process.stdout.write(`${text}\n`),
          );
        } finally {
          await store.close();
        }
      } catch (err) {
        if (!(err instanceof ConfigError || err instanceof TyrError)) throw err;
        process.stderr.write(`tyr migrate nova-baremetal: ${err.message}\n`);
        process.exitCode = err instanceof ConfigError ? 2 : 1;
      }
    });
}
