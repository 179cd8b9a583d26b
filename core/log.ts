import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { maskSecrets } from './mask.js';

export type { Logger };

export type LogLevel = Config['service']['log_level'] | 'silent';

// Secrets never reach a log line: every logged object goes through the same masking as API
// responses (keys ending in password or _token, at any depth); headers are redacted by path.
// The console WebSocket carries its credentials in the subprotocol header (core/api/auth.ts).
const SECRET_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'headers["x-agent-token"]',
  'req.headers["sec-websocket-protocol"]',
  'headers["sec-websocket-protocol"]',
];

/**
 * A logger with the service's options; `destination` defaults to stdout. Each composition root
 * builds its own from its configuration and hands children to its components: there is no
 * process-wide logger, so two services in one process (as in tests) keep their own levels.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    base: { pid: process.pid },
    redact: { paths: SECRET_PATHS, censor: '******' },
    formatters: { log: (obj: Record<string, unknown>) => maskSecrets(obj) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The root logger of a service configured by `config` (its `service.log_level`). */
export function serviceLogger(config: Pick<Config, 'service'>, destination?: pino.DestinationStream): Logger {
  return createLogger(config.service.log_level, destination);
}

export function componentLogger(parent: Logger, component: string): Logger {
  return parent.child({ component });
}

export function nodeLogger(parent: Logger, nodeUuid: string): Logger {
  return parent.child({ node_uuid: nodeUuid });
}
