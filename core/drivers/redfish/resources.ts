// What every Redfish interface of one service shares, made by its composition root
// (core/processes/drivers.ts) and closed on shutdown: one BmcService (session, connections) per
// BMC and credentials, the limiter that bounds requests per BMC and in total, and the memory of
// refused logins. `forNode` resolves a node to its ComputerSystem: what the interfaces are given.
import crypto from 'node:crypto';
import type { Config } from '../../config.js';
import type { BmcMetrics } from '../../metrics/bmc-metrics.js';
import { redfishOperation } from '../../metrics/bmc-operations.js';
import { HardwareError } from '../../errors.js';
import type { NodeContext } from '../interfaces/task.js';
import { AuthFailureMemory } from './auth-failures.js';
import { BmcService, pathOf, type BmcRequest } from './bmc-service.js';
import type { HttpAnswer } from './http.js';
import type { Logger } from '../../log.js';
import { RedfishClient } from './client.js';
import type { RedfishSystem, RedfishSystems } from './connection.js';
import { parseRedfishDriverInfo, type RedfishTarget } from './driver-info.js';
import { RequestLimiter } from './limiter.js';
import { quirksFor } from './quirks/index.js';

const SYSTEMS = '/redfish/v1/Systems';

function serviceKey(t: RedfishTarget): string {
  // The password only as a digest: enough to keep two credentials apart, never stored in clear.
  const secret = crypto
    .createHash('sha256')
    .update(t.password ?? '')
    .digest('hex')
    .slice(0, 16);
  return [t.address, t.username ?? '', secret, String(t.verifyCa), t.authType, t.timeoutSeconds].join('|');
}

export class RedfishResources implements RedfishSystems {
  private readonly services = new Map<string, BmcService>();
  private readonly limiter: RequestLimiter;
  private readonly authFailures: AuthFailureMemory;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly config: Config,
    /** The service's BMC call metrics: every HTTP exchange with a BMC is timed, failures counted. */
    private readonly metrics?: BmcMetrics,
  ) {
    const c = config.redfish;
    this.limiter = new RequestLimiter(c.max_in_flight_per_bmc, c.max_in_flight);
    this.authFailures = new AuthFailureMemory(c.auth_failure_hold_seconds * 1000);
  }

  /** Services with an open session right now. */
  get openSessions(): number {
    let n = 0;
    for (const s of this.services.values()) if (s.hasSession) n++;
    return n;
  }

  /** The node's ComputerSystem, through a connection bound to the node's logger. */
  async forNode(ctx: NodeContext): Promise<RedfishSystem> {
    const target = parseRedfishDriverInfo(ctx.node.driver_info, ctx.node.uuid);
    const conn = new RedfishClient((req, log) => this.send(target, req, log), target.address, ctx.node.uuid, ctx.log);
    const systemPath = target.systemPath ?? (await this.onlySystem(target, conn, ctx.node.uuid));
    const { body: system, etag } = await conn.getWithEtag(systemPath);
    const quirks = quirksFor(system.Manufacturer);
    return { conn, systemPath, system, etag, vendor: quirks.vendor, quirks };
  }

  /** Deletes every session on its BMC; the service is stopping. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const all = [...this.services.values()];
      this.services.clear();
      await Promise.all(all.map((s) => s.close()));
    })();
    return this.closing;
  }

  /** One request through the BMC's service: the one place the Redfish driver talks to a BMC. */
  private send(target: RedfishTarget, req: BmcRequest, log: Logger): Promise<HttpAnswer> {
    const call = () => this.service(target).request(req, log);
    if (!this.metrics) return call();
    return this.metrics.time('redfish', redfishOperation(req.method, req.path), call, (answer) => answer.status >= 400);
  }

  private service(target: RedfishTarget): BmcService {
    if (this.closing) throw new HardwareError('The service is stopping; Redfish requests are no longer sent.');
    const key = serviceKey(target);
    let service = this.services.get(key);
    if (!service) {
      const c = this.config.redfish;
      service = new BmcService(target, key, {
        limiter: this.limiter,
        authFailures: this.authFailures,
        policy: { attempts: c.retry_attempts, baseDelayMs: c.retry_base_delay_ms, maxDelayMs: c.retry_max_delay_seconds * 1000 },
        idleMs: c.session_idle_seconds * 1000,
        maxSocketsPerBmc: c.max_in_flight_per_bmc,
        onIdleClose: (idle) => this.dropIdle(idle),
      });
      this.services.set(key, service);
    }
    return service;
  }

  private dropIdle(service: BmcService): void {
    if (this.services.get(service.key) === service) this.services.delete(service.key);
    service.close().catch(() => undefined);
  }

  private async onlySystem(target: RedfishTarget, conn: RedfishClient, node: string): Promise<string> {
    const known = this.service(target).onlySystemPath;
    if (known) return known;
    const systems = await conn.get(SYSTEMS);
    const members = Array.isArray(systems.Members) ? systems.Members : [];
    const paths = members.map((m) => (m as { '@odata.id'?: unknown })['@odata.id']).filter((p): p is string => typeof p === 'string');
    const [only] = paths;
    if (paths.length === 1 && only) return (this.service(target).onlySystemPath = pathOf(only));
    throw new HardwareError(
      `Node ${node}: the Redfish BMC at ${target.address} has ${paths.length} systems (${paths.join(', ') || 'none'}); ` +
        'set driver_info.redfish_system_id to the one this node is.',
    );
  }
}
