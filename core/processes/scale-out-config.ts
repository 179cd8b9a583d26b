// Settings the split processes cannot run without. The all-in-one server needs none of them.
import type { Config } from '../config.js';
import { ConfigError } from '../errors.js';

// The messages leave out the command's name: the CLI puts "tyr api:" or "tyr conductor:" first.
export function requireRpcSecret(config: Config): void {
  if (!config.rpc.secret) {
    throw new ConfigError(
      'the shared RPC secret is not set: set TYR_RPC_SECRET (or rpc.secret in the config file) to the same value in every tyr api and tyr conductor process',
    );
  }
  if (config.rpc.secret.length < 16) {
    throw new ConfigError(
      `the RPC secret is too short (${config.rpc.secret.length} characters); use at least 16, e.g. openssl rand -hex 32`,
    );
  }
}

/** A conductor has no API of its own, so it must be told where agents and boot scripts find one. */
export function requireApiPublicUrl(config: Config): void {
  if (!config.api.public_url) {
    throw new ConfigError(
      'api.public_url (TYR_API_PUBLIC_URL) is not set; a conductor needs the URL of a tyr api process (or its load balancer) that ramdisk agents call back',
    );
  }
}
