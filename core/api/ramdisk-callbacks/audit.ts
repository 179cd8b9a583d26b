// Every call of the ramdisk agent API is logged, accepted or refused, with the caller's address:
// these endpoints take no API credentials, so the log is how an operator sees who knocks.
// Only chosen fields are logged, never the body (it carries the agent token).
import type { Request, RequestHandler } from 'express';
import { TyrError } from '../../errors.js';
import { componentLogger, type Logger } from '../../log.js';
import type { AgentMetrics } from '../../metrics/agent-metrics.js';

/** The agent API's log lines, as a component of the API's logger. */
export function agentApiLogger(apiLog: Logger): Logger {
  return componentLogger(apiLog, 'agent-api');
}

export function sourceOf(req: Request): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * Wraps a handler: `describe` names what the call was about (node, MACs) for the log line, and
 * `handler` answers. Errors still go to the API's one error formatter.
 */
export function audited(
  log: Logger,
  what: string,
  describe: (req: Request) => Record<string, unknown>,
  handler: RequestHandler,
  /** Counts the call by result (heartbeats and lookups). */
  metrics?: AgentMetrics,
): RequestHandler {
  return async (req, res, next) => {
    const fields = { call: what, source: sourceOf(req), ...describe(req) };
    try {
      await handler(req, res, next);
      metrics?.count(what, res.statusCode);
      log.info({ ...fields, status: res.statusCode }, `agent ${what} accepted`);
    } catch (err) {
      const status = err instanceof TyrError ? err.status : 500;
      metrics?.count(what, status);
      const reason = err instanceof Error ? err.message : String(err);
      // A refusal that answers the caller generically keeps its real reason for this line.
      const detail = (err as { detail?: unknown } | undefined)?.detail;
      // A wrong token is someone knocking with the wrong key: a warning. Other refusals (a
      // discovery ramdisk looking up an unknown MAC, a late heartbeat) are routine.
      const level = status === 401 || status >= 500 ? 'warn' : 'info';
      log[level]({ ...fields, status, reason, ...(typeof detail === 'string' ? { detail } : {}) }, `agent ${what} refused`);
      next(err);
    }
  };
}
