import { pino, type Logger } from 'pino';

export type { Logger };

// Keys whose values never reach a log line, wherever they appear in a logged object.
const SECRET_PATHS = [
  '*.password',
  '*.ipmi_password',
  '*.agent_token',
  '*.rescue_password',
  '*.*.ipmi_password',
  '*.*.password',
  'driver_info.*_password',
  'req.headers.authorization',
];

let root: Logger | undefined;

/** The process-wide logger. Components take children of it (see `componentLogger`). */
export function rootLogger(): Logger {
  root ??= pino({
    level: process.env.TYR_LOG_LEVEL ?? 'info',
    base: { pid: process.pid },
    redact: { paths: SECRET_PATHS, censor: '******' },
  });
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
