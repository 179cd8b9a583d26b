// `tyr nova-shim` (the Nova virt-driver shim, with os-baremetal-nodes mounted) and
// `tyr nova-extension` (the os-baremetal-nodes API alone). Both reach the core only through its
// REST API; the core password comes from TYR_CORE_PASSWORD, never from argv. Callers authenticate
// as to the core (core/api/auth.ts): noauth on loopback only, or http_basic with readers.
import type { Command } from 'commander';
import type { AuthSettings } from '../core/api/auth.js';
import { CONFIG_SCHEMA } from '../core/config.js';
import { ConfigError } from '../core/errors.js';
import type { LogLevel } from '../core/log.js';

// The same levels as the core's service.log_level.
const LOG_LEVELS = CONFIG_SCHEMA.service.log_level.choices;

interface Flags {
  host: string;
  port: string;
  coreUrl?: string;
  coreUsername?: string;
  cacheTtl?: string;
  pageSize?: string;
  deployTimeout?: string;
  authStrategy: string;
  htpasswdFile?: string;
  readerUsers?: string;
  logLevel: string;
}

function positive(value: string, flag: string, allowZero = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw new ConfigError(`--${flag} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}"`);
  return n;
}

function common(cmd: Command, defaultPort: number): Command {
  return cmd
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', `port to listen on [env TYR_NOVA_PORT]`, process.env.TYR_NOVA_PORT ?? String(defaultPort))
    .option('--core-url <url>', 'Tyr core API URL [env TYR_CORE_URL, default http://127.0.0.1:6385]')
    .option(
      '--core-username <name>',
      "this service's own user on the core API, an admin there (password in env TYR_CORE_PASSWORD) [env TYR_CORE_USERNAME]",
    )
    .option(
      '--auth-strategy <strategy>',
      'how callers authenticate: noauth (only with a loopback --host) or http_basic [env TYR_NOVA_AUTH_STRATEGY]',
      process.env.TYR_NOVA_AUTH_STRATEGY ?? 'noauth',
    )
    .option('--htpasswd-file <path>', 'htpasswd file of bcrypt hashes (htpasswd -B) for http_basic [env TYR_NOVA_HTPASSWD_FILE]')
    .option('--reader-users <list>', 'comma-separated users of the htpasswd file that may only read (GET) [env TYR_NOVA_READER_USERS]')
    .option('--log-level <level>', `log level: ${LOG_LEVELS.join(', ')} [env TYR_LOG_LEVEL]`, process.env.TYR_LOG_LEVEL ?? 'info');
}

function authSettings(flags: Flags): AuthSettings {
  const strategy = flags.authStrategy;
  if (strategy !== 'noauth' && strategy !== 'http_basic')
    throw new ConfigError(`--auth-strategy must be noauth or http_basic, got "${strategy}"`);
  const htpasswdFile = flags.htpasswdFile ?? process.env.TYR_NOVA_HTPASSWD_FILE ?? '';
  if (strategy === 'http_basic' && !htpasswdFile)
    throw new ConfigError('--htpasswd-file (TYR_NOVA_HTPASSWD_FILE) must be set with --auth-strategy http_basic');
  return {
    strategy,
    htpasswdFile,
    htpasswdOption: '--htpasswd-file',
    readerUsers: flags.readerUsers ?? process.env.TYR_NOVA_READER_USERS ?? '',
    failuresPerMinute: 10,
    realm: 'Tyr',
  };
}

function logLevel(value: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(value))
    throw new ConfigError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return value as LogLevel;
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
    host: flags.host,
    port: tcpPort(flags.port),
    coreUrl,
    coreUsername: username || undefined,
    corePassword: username ? (process.env.TYR_CORE_PASSWORD ?? '') : undefined,
    auth: authSettings(flags),
    logLevel: logLevel(flags.logLevel),
  };
  const running = withShim
    ? await startShim({
        ...SHIM_DEFAULTS,
        ...base,
        cacheTtlMs: positive(flags.cacheTtl ?? '10', 'cache-ttl', true) * 1000,
        pageSize: positive(flags.pageSize ?? '100', 'page-size'),
        deployTimeoutMs: positive(flags.deployTimeout ?? '3600', 'deploy-timeout', true) * 1000,
        extension: baremetalNodesRouter,
      })
    : await startExtension(base);
  process.stdout.write(`${withShim ? 'Nova shim' : 'os-baremetal-nodes'} listening on ${running.url} (core ${coreUrl})\n`);
  const stop = () => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
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
  shimOptions(
    common(
      program.command('nova-shim').description('Run the Nova virt-driver shim (nova-compute loads tyr_nova.TyrDriver, which calls it)'),
      6386,
    ),
  ).action(action(true));
  common(program.command('nova-extension').description('Run the legacy Nova os-baremetal-nodes API alone'), 6387).action(action(false));
}
