// POST /v1/continue_inspection[?node_uuid=]: a ramdisk (discovery, or an inspected node's) posts
// its inventory. Public like lookup: the ramdisk has no credentials. The body is JSON whatever its
// Content-Type says, as Ironic reads it (a stock IPA posts it with no type at all), up to
// inspection.max_callback_bytes (413); plugin_data has its own bound (inspection.max_plugin_data_bytes,
// 413); the schema check names the bad field (400). Rate caps answer 429 with Retry-After: per source address here,
// before any database work; per node and for new nodes in the conductor. Every call, accepted or
// refused, is logged with its source address (audit.ts; bodies the parser refuses are logged by
// the error handler).
import { Router, type Request } from 'express';
import { UUID_RE } from '../../db/resource-repo.js';
import { InvalidParameterValue, TyrError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { jsonBody } from '../json-body.js';
import { queryString } from '../query.js';
import { MIN_VERSION, minorOf, requireNewerEndpoint } from '../microversion.js';
import { perSourceCap } from '../../rate-cap.js';
import { agentApiLogger, audited, sourceOf } from '../ramdisk-callbacks/audit.js';

/** A few facts about the caller's claim for the log line, read defensively (the body is unchecked). */
function describeClaim(body: unknown): Record<string, unknown> {
  const inv = (body as { inventory?: Record<string, unknown> } | undefined)?.inventory;
  const nics = Array.isArray(inv?.interfaces) ? (inv.interfaces as { mac_address?: unknown }[]) : [];
  return {
    macs: nics.slice(0, 8).map((n) => String(n?.mac_address).slice(0, 20)),
    bmc_address: typeof inv?.bmc_address === 'string' ? inv.bmc_address.slice(0, 64) : undefined,
    node_uuid:
      typeof (body as { node_uuid?: unknown })?.node_uuid === 'string'
        ? String((body as { node_uuid: string }).node_uuid).slice(0, 40)
        : undefined,
  };
}

const CONTINUE_MINOR = 84;

/** Ironic's place for the node's UUID is the query string; Tyr's older agents put it in the body. */
function queryNodeUuid(req: Request): string | undefined {
  const uuid = queryString(req, 'node_uuid');
  if (uuid === undefined || uuid === '') return undefined;
  if (!UUID_RE.test(uuid))
    throw new InvalidParameterValue(`Query parameter "node_uuid" must be a UUID, got ${JSON.stringify(uuid.slice(0, 60))}.`);
  return uuid;
}

export function inspectionCallbackRouter({ conductor, config, log }: ApiDeps): Router {
  const router = Router();
  const sources = perSourceCap(() => config.inspection.max_callbacks_per_source_per_minute);
  router.post(
    ['/v1/continue_inspection', '/v1/continue_inspection/'],
    jsonBody({ limit: config.inspection.max_callback_bytes, type: 'any' }),
    audited(
      agentApiLogger(log),
      'continue_inspection',
      (req) => ({
        ...describeClaim(req.body),
        ...(typeof req.query.node_uuid === 'string' ? { node_uuid: req.query.node_uuid.slice(0, 40) } : {}),
      }),
      async (req, res) => {
        // As Ironic: the ramdisk posts without a version header (1.1, the drop-in for Inspector's
        // /v1/continue); an explicit version must be one that has the endpoint (1.84).
        if (minorOf(req) !== MIN_VERSION.minor) requireNewerEndpoint(req, CONTINUE_MINOR, 'The /v1/continue_inspection endpoint');
        try {
          sources.take(sourceOf(req));
          const nodeUuid = queryNodeUuid(req);
          const result = await conductor.continueInspection(req.body, nodeUuid);
          res.status(200).json({ uuid: result.uuid, next: result.next });
        } catch (err) {
          const wait = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
          if (err instanceof TyrError && err.status === 429 && typeof wait === 'number') res.setHeader('Retry-After', String(wait));
          throw err;
        }
      },
    ),
  );
  return router;
}
