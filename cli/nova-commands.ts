// `tyr nova-shim` (the Nova virt-driver shim, with os-baremetal-nodes mounted) and
// `tyr nova-extension` (the os-baremetal-nodes API alone). Both reach the core only through its
// REST API; the core password comes from TYR_CORE_PASSWORD, never from argv.
import type { Command } from 'commander';
import { ConfigError } from '../core/errors.js';

interface Flags { host: string; port: string; coreUrl?: string; coreUsername?: string; cacheTtl?: string; pageSize?: string; deployTimeout?: string }

function positive(value: string, flag: string, allowZero = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new ConfigError(`--${flag} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}"`);
  return n;
}

function common(cmd: Command, defaultPort: number): Command {
  return cmd
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', `port to listen on [env TYR_NOVA_PORT]`, process.env.TYR_NOVA_PORT ?? String(defaultPort))
    .option('--core-url <url>', 'Tyr core API URL [env TYR_CORE_URL, default http://127.0.0.1:6385]')
    .option('--core-username <name>', 'user for the core API (password in env TYR_CORE_PASSWORD) [env TYR_CORE_USERNAME]');
}

function shimOptions(cmd: Command): Command {
  return cmd
    .option('--cache-ttl <seconds>', 'how long node data is reused between resource-tracker passes', '10')
    .option('--page-size <n>', 'nodes per page when listing the core', '100')
    .option('--deploy-timeout <seconds>', 'how long spawn and rebuild wait for active (0: no limit)', '3600');
}

function tcpPort(value: string): number {
  const n = positive(value, 'port', true);
  if (n > 65535) throw new ConfigError(`--port must be at most 65535, got ${n}`);
  return n;
}

async function run(flags: Flags, withShim: boolean): Promise<void> {
  const { SHIM_DEFAULTS, startShim } = await import('../driver/server.js');
  const { baremetalNodesRouter } = await import('../api-extension/router.js');
  const { startExtension } = await import('../api-extension/server.js');
  const coreUrl = flags.coreUrl ?? process.env.TYR_CORE_URL ?? 'http://127.0.0.1:6385';
  const username = flags.coreUsername ?? process.env.TYR_CORE_USERNAME;
  const base = {
    host: flags.host, port: tcpPort(flags.port), coreUrl, coreUsername: username || undefined,
    corePassword: username ? process.env.TYR_CORE_PASSWORD ?? '' : undefined,
  };
  const running = withShim
    ? await startShim({
      ...SHIM_DEFAULTS, ...base, cacheTtlMs: positive(flags.cacheTtl ?? '10', 'cache-ttl', true) * 1000, pageSize: positive(flags.pageSize ?? '100', 'page-size'),
      deployTimeoutMs: positive(flags.deployTimeout ?? '3600', 'deploy-timeout', true) * 1000, extension: baremetalNodesRouter,
    })
    : await startExtension(base);
  process.stdout.write(`${withShim ? 'Nova shim' : 'os-baremetal-nodes'} listening on ${running.url} (core ${coreUrl})\n`);
  const stop = () => { running.stop().then(() => process.exit(0), () => process.exit(1)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function action(withShim: boolean) {
  return async (flags: Flags) => {
    try {
      await run(flags, withShim);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      process.stderr.write(`tyr ${withShim ? 'nova-shim' : 'nova-extension'}: ${err.message}\n`);
      process.exit(2);
    }
  };
}

export function registerNovaCommands(program: Command): void {
  shimOptions(common(program.command('nova-shim').description('Run the Nova virt-driver shim (nova-compute loads tyr_nova.TyrDriver, which calls it)'), 6386))
    .action(action(true));
  common(program.command('nova-extension').description('Run the legacy Nova os-baremetal-nodes API alone'), 6387)
    .action(action(false));
}
