// POST /v1/heartbeat/{node}: a ramdisk agent reports that it is alive, where its command API
// listens, and (first heartbeat of a boot) its inventory. 202 with an empty body, as in Ironic.
import { X509Certificate } from 'node:crypto';
import { Router } from 'express';
import { UUID_RE } from '../../db/resource-repo.js';
import { InvalidParameterValue, NotFound } from '../../errors.js';
import type { AgentHeartbeat, AgentProgress } from '../../conductor/conductor-api.js';
import { parseBody, type BodySchema } from '../body.js';
import type { ApiDeps } from '../deps.js';
import { agentApiLogger, audited } from './audit.js';

const SCHEMA: BodySchema = {
  callback_url: { type: 'string' },
  agent_token: { type: 'string', nullable: true },
  agent_version: { type: 'string', nullable: true },
  agent_status: { type: 'string', nullable: true },
  agent_status_message: { type: 'string', nullable: true },
  // IPA's automatic TLS (API 1.68): the PEM certificate of the agent's HTTPS command API.
  agent_verify_ca: { type: 'string', nullable: true },
  inventory: { type: 'object', nullable: true },
  // Tyr extension: {command, bytes_written, total_bytes, mb_per_s} while a command runs.
  progress: { type: 'object', nullable: true },
};
const STATUSES = ['start', 'end', 'error'];
const MAX_TEXT = 4096;
const MAX_CERT = 16 * 1024;

/** A PEM X.509 certificate, re-encoded so that the same certificate always compares equal. */
function checkCertificate(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  try {
    if (typeof value === 'string' && value.length <= MAX_CERT) return new X509Certificate(value).toString();
  } catch {
    /* reported below */
  }
  throw new InvalidParameterValue(
    `Field "agent_verify_ca" must be the PEM X.509 certificate of the agent's command API (at most ${MAX_CERT} characters).`,
  );
}

function checkUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    /* reported below */
  }
  if (typeof value !== 'string' || !url || (url.protocol !== 'http:' && url.protocol !== 'https:') || value.length > 2048) {
    throw new InvalidParameterValue(
      `Field "callback_url" must be the agent's http(s) URL, such as http://192.0.2.10:9999, got ${JSON.stringify(value)?.slice(0, 200)}.`,
    );
  }
  return value.replace(/\/+$/, '');
}

/** Validates the heartbeat body; the token's presence is the conductor's check (401, not 400). */
export function parseHeartbeat(body: unknown): AgentHeartbeat {
  const b = parseBody<Record<string, unknown>>(body ?? {}, SCHEMA, 'an agent heartbeat');
  const status = b.agent_status as string | null | undefined;
  if (status != null && !STATUSES.includes(status)) {
    throw new InvalidParameterValue(`Field "agent_status" must be one of ${STATUSES.join(', ')} or null, got ${JSON.stringify(status)}.`);
  }
  for (const key of ['agent_version', 'agent_status_message'] as const) {
    const v = b[key];
    if (typeof v === 'string' && v.length > MAX_TEXT)
      throw new InvalidParameterValue(`Field "${key}" is longer than ${MAX_TEXT} characters.`);
  }
  return {
    callback_url: checkUrl(b.callback_url),
    agent_token: (b.agent_token as string | null | undefined) ?? undefined,
    agent_version: b.agent_version as string | null | undefined,
    agent_status: status as AgentHeartbeat['agent_status'],
    agent_status_message: b.agent_status_message as string | null | undefined,
    agent_verify_ca: checkCertificate(b.agent_verify_ca),
    inventory: (b.inventory as Record<string, unknown> | null | undefined) ?? undefined,
    progress: parseProgress(b.progress),
  };
}

/** Only known numeric/string fields, so an agent cannot stuff arbitrary data into the node. */
function parseProgress(value: unknown): AgentProgress | undefined {
  if (value === null || value === undefined) return undefined;
  const p = value as Record<string, unknown>;
  const num = (k: string) => {
    const v = p[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new InvalidParameterValue(`Field "progress.${k}" must be a non-negative number, got ${JSON.stringify(v)}.`);
    return v;
  };
  const out: AgentProgress = {};
  if (typeof p.command === 'string') out.command = p.command.slice(0, 100);
  const written = num('bytes_written');
  const total = num('total_bytes');
  const rate = num('mb_per_s');
  if (written !== undefined) out.bytes_written = written;
  if (total !== undefined) out.total_bytes = total;
  else if (p.total_bytes === null) out.total_bytes = null;
  if (rate !== undefined) out.mb_per_s = rate;
  return out;
}

export function agentHeartbeatRouter({ conductor, log, metrics }: ApiDeps): Router {
  const router = Router();
  router.post(
    ['/v1/heartbeat/:node', '/v1/heartbeat/:node/'],
    audited(
      agentApiLogger(log),
      'heartbeat',
      (req) => ({ node_uuid: req.params.node }),
      async (req, res) => {
        const uuid = req.params.node as string;
        if (!UUID_RE.test(uuid)) throw new NotFound(`Node ${uuid} could not be found; heartbeats name the node by UUID.`);
        const hb = parseHeartbeat(req.body);
        await conductor.agentHeartbeat(uuid.toLowerCase(), hb);
        res.status(202).end();
      },
      metrics?.agent,
    ),
  );
  return router;
}
