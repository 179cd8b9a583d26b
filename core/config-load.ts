// Builds the Config object: defaults < config file (TOML) < environment < command-line flags.
// Every value is checked against its spec; any problem is a ConfigError with one line that names
// the option and the accepted values.
import fs from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { CONFIG_SCHEMA, type Config, type OptionSpec } from './config.js';
import { ConfigError } from './errors.js';
import { isLoopback } from './loopback.js';

type Raw = Record<string, Record<string, unknown>>;

export interface ConfigSources {
  /** Path of a TOML file with [section] tables. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Flag values keyed by the long flag name (e.g. "api-port"). */
  flags?: Record<string, string | number | boolean | undefined>;
  /** Programmatic overrides (tests), keyed by section then option. */
  overrides?: Partial<Record<keyof Config, Record<string, unknown>>>;
}

function accepted(spec: OptionSpec): string {
  switch (spec.type) {
    case 'enum':
      return `one of ${spec.choices.join(', ')}`;
    case 'int':
      return `an integer from ${spec.min} to ${spec.max}`;
    case 'number':
      return `a number from ${spec.min} to ${spec.max}`;
    case 'bool':
      return 'true or false';
    case 'string':
      return 'a string';
  }
}

function coerce(name: string, spec: OptionSpec, value: unknown): unknown {
  const bad = () => new ConfigError(`invalid value for ${name}: ${JSON.stringify(value)} (accepted: ${accepted(spec)})`);
  switch (spec.type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return String(value);
      throw bad();
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === '1' || value === 'yes') return true;
      if (value === 'false' || value === '0' || value === 'no') return false;
      throw bad();
    case 'int':
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n) || (spec.type === 'int' && !Number.isInteger(n)) || n < spec.min || n > spec.max) throw bad();
      return n;
    }
    case 'enum':
      if (typeof value === 'string' && spec.choices.includes(value)) return value;
      throw bad();
  }
}

function readFile(path: string): Raw {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  try {
    return parseToml(text) as Raw;
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid TOML: ${(err as Error).message.split('\n')[0]}`);
  }
}

function checkFileKeys(raw: Raw, path: string): void {
  for (const [section, values] of Object.entries(raw)) {
    const known = (CONFIG_SCHEMA as Record<string, Record<string, OptionSpec>>)[section];
    if (!known) {
      throw new ConfigError(`unknown section [${section}] in ${path} (accepted: ${Object.keys(CONFIG_SCHEMA).join(', ')})`);
    }
    if (typeof values !== 'object' || values === null) throw new ConfigError(`[${section}] in ${path} must be a table`);
    for (const key of Object.keys(values)) {
      if (!(key in known)) {
        throw new ConfigError(`unknown option ${section}.${key} in ${path} (accepted: ${Object.keys(known).join(', ')})`);
      }
    }
  }
}

function crossFieldRules(c: Config): void {
  const db = c.database.url;
  if (!/^sqlite:.+/.test(db) && !/^postgres(ql)?:\/\/.+/.test(db)) {
    throw new ConfigError(
      `invalid value for database.url (--db): ${JSON.stringify(db)} (accepted: sqlite:<path> or postgres://user:pass@host:port/db)`,
    );
  }
  if (c.api.auth_strategy === 'http_basic' && !c.api.htpasswd_file) {
    throw new ConfigError('api.htpasswd_file must be set when api.auth_strategy is http_basic');
  }
  if (!isLoopback(c.console.host)) {
    throw new ConfigError(
      `console.host must be a loopback address (127.0.0.1 or ::1), got "${c.console.host}": the raw console TCP ports have no authentication. ` +
        'Remote clients attach through the authenticated WebSocket /v1/nodes/{node}/console/ws (tyr node console).',
    );
  }
  if (c.conductor.heartbeat_timeout <= c.conductor.heartbeat_interval) {
    throw new ConfigError(
      `conductor.heartbeat_timeout (${c.conductor.heartbeat_timeout}) must be greater than conductor.heartbeat_interval (${c.conductor.heartbeat_interval})`,
    );
  }
  if (c.http.headers_timeout > c.http.request_timeout) {
    throw new ConfigError(
      `http.headers_timeout (${c.http.headers_timeout}) must not be greater than http.request_timeout (${c.http.request_timeout})`,
    );
  }
  if (c.nova.url && !/^https?:\/\/[^/]+/.test(c.nova.url))
    throw new ConfigError(
      `invalid value for nova.url: ${JSON.stringify(c.nova.url)} (accepted: http(s)://host[:port][/path], e.g. http://nova:8774/v2.1)`,
    );
  if (c.nova.auth_type === 'http_basic' && !c.nova.username)
    throw new ConfigError('nova.username must be set when nova.auth_type is http_basic');
  if (c.nova.auth_type === 'token' && !c.nova.token)
    throw new ConfigError('nova.token (TYR_NOVA_TOKEN) must be set when nova.auth_type is token');
  for (const url of [c.api.public_url, c.boot.public_url, c.rpc.public_url]) {
    if (url && !/^https?:\/\/[^/]+/.test(url))
      throw new ConfigError(`invalid public URL ${JSON.stringify(url)} (accepted: http(s)://host[:port])`);
  }
}

function deepFreeze<T extends object>(obj: T): T {
  for (const value of Object.values(obj)) if (typeof value === 'object' && value !== null) deepFreeze(value);
  return Object.freeze(obj);
}

export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const file = sources.file ? readFile(sources.file) : {};
  if (sources.file) checkFileKeys(file, sources.file);

  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, options] of Object.entries(CONFIG_SCHEMA) as [string, Record<string, OptionSpec>][]) {
    out[section] = {};
    for (const [key, spec] of Object.entries(options)) {
      const name = `${section}.${key}`;
      const flagEnv = spec.flag ? `TYR_${spec.flag.toUpperCase().replace(/-/g, '_')}` : undefined;
      const candidates: unknown[] = [
        spec.default,
        file[section]?.[key],
        env[`TYR_${section.toUpperCase()}_${key.toUpperCase()}`],
        flagEnv ? env[flagEnv] : undefined,
        spec.flag ? sources.flags?.[spec.flag] : undefined,
        sources.overrides?.[section as keyof Config]?.[key],
      ];
      const chosen = candidates.filter((v) => v !== undefined).at(-1);
      const label = spec.flag ? `${name} (--${spec.flag})` : name;
      out[section][key] = coerce(label, spec, chosen);
    }
  }
  if (out.database!.url === '') out.database!.url = `sqlite:${String(out.service!.data_dir).replace(/\/$/, '')}/tyr.sqlite`;
  // `out` was filled section by section from the spec table, which has exactly Config's keys
  // (config.ts derives Config from it); the compiler cannot follow the loop.
  const config = out as unknown as Config;
  crossFieldRules(config);
  return deepFreeze(config);
}

/** The URL agents and boot scripts use to reach the API. */
export function apiPublicUrl(c: Config, boundPort = c.api.port): string {
  return publicUrl(c.api.public_url, c.api.host, boundPort);
}

/** The URL machines use to reach the HTTP boot server. */
export function bootPublicUrl(c: Config, boundPort = c.boot.http_port): string {
  return publicUrl(c.boot.public_url, c.boot.http_host, boundPort);
}

/** The URL API processes use to reach this conductor's RPC endpoint (scale-out). */
export function rpcPublicUrl(c: Config, boundPort = c.rpc.port): string {
  return publicUrl(c.rpc.public_url, c.rpc.host, boundPort);
}

/** The configured public URL, or one made from the bind address (a wildcard bind means loopback). */
function publicUrl(configured: string, bindHost: string, boundPort: number): string {
  if (configured) return configured.replace(/\/$/, '');
  const host = bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost;
  return `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
}
