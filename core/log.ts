import { pino, type Logger } from 'pino';
import { maskSecrets } from './mask.js';

export type { Logger };

// Secrets never reach a log line: every logged object goes through the same masking as API
// responses (keys ending in password or _token, at any depth); headers are redacted by path.
const SECRET_PATHS = ['req.headers.authorization', 'headers.authorization', 'headers["x-agent-token"]'];

let root: Logger | undefined;

/** A logger with the service's options; `destination` defaults to stdout. */
export function createLogger(destination?: pino.DestinationStream): Logger {
  const options = {
    level: process.env.TYR_LOG_LEVEL ?? 'info',
    base: { pid: process.pid },
    redact: { paths: SECRET_PATHS, censor: '******' },
    formatters: { log: (obj: Record<string, unknown>) => maskSecrets(obj) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The process-wide logger. Components take children of it (see `componentLogger`). */
export function rootLogger(): Logger {
  root ??= createLogger();
  return root;
}

export function setLogLevel(level: string): void {
  rootLogger().level = level;
}

export function componentLogger(component: string): Logger {
  return rootLogger().child({ component });
}

export function nodeLogger(parent: Logger, nodeUuid: string): Logger {
  return parent.child({ node_uuid: nodeUuid });
}
