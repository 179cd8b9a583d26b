// The API process's conductor: implements ConductorApi by sending each call over the internal RPC
// to the conductor that owns the node (see targets.ts). Hardware types and driver checks come from
// the driver catalog that live conductors registered in the database; this process loads no driver.
// A conductor that cannot be reached makes the ring be re-read and the call retried, since the
// node may have a new owner; an error the conductor raised is re-raised here unchanged.
import type { Config } from '../config.js';
import type {
  AgentHeartbeat,
  AgentLookupResult,
  ConductorApi,
  InspectionCallbackResult,
  InterfaceValidation,
  ProvisionArgs,
} from '../conductor/conductor-api.js';
import type { RingView } from '../conductor/ring/ring-view.js';
import type { Store } from '../db/store.js';
import type { NewAllocation } from '../db/allocations.js';
import type { Allocation, Node } from '../db/types.js';
import type * as vendor from '../conductor/vendor.js';
import type { HardwareTypeInfo } from '../drivers/hardware-types.js';
import type { BootDevice, BootMode, IndicatorState, SensorsData, SupportedIndicators } from '../drivers/interfaces/management.js';
import type { PowerTarget } from '../drivers/interfaces/power.js';
import type { PassthruArgs, PassthruHttpMethod, PassthruMethod } from '../drivers/interfaces/vendor.js';
import type { DriverCatalog } from '../drivers/catalog.js';
import { ServiceUnavailable } from '../errors.js';
import type { Logger } from '../log.js';
import type { RpcMethod } from './protocol.js';
import { driverTarget } from './driver-target.js';
import { anyConductorTarget, inspectionTarget, lookupTarget, nodeByUuid, nodeTarget, type NodeMatching, type Target } from './targets.js';
import { callConductor, ConductorUnreachable } from './transport.js';

export interface RemoteConductorOptions {
  store: Store;
  ring: RingView;
  /** How agent and inspection calls find their node (core/processes/node-matching.ts). */
  matching: NodeMatching;
  catalog: DriverCatalog;
  config: Config;
  log: Logger;
}

export class RemoteConductor implements ConductorApi {
  /** This API process's name (it is not a conductor; node responses name the owning conductor). */
  readonly hostname: string;

  constructor(private readonly opts: RemoteConductorOptions) {
    this.hostname = opts.config.service.host;
  }

  /** Sends the call to the target's conductor, re-reading the ring and retrying while it is unreachable. */
  async call<T>(target: Target, method: RpcMethod, params: unknown[]): Promise<T> {
    const { ring, config, log } = this.opts;
    const attempts = config.rpc.retries + 1;
    let tried = '';
    let reason = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      // A null owner from a cached ring may just be stale (a conductor joined): look again first.
      const owner = (await target.owner(ring)) ?? (await ring.refresh(), await target.owner(ring));
      if (!owner) throw target.noOwner();
      const url = (await ring.liveConductors()).find((c) => c.hostname === owner)?.rpc_url;
      tried = owner;
      try {
        if (!url) throw new ConductorUnreachable(`conductor ${owner} registered no rpc_url`);
        return (await callConductor(url, owner, method, params, { secret: config.rpc.secret, timeoutMs: config.rpc.timeout_ms })) as T;
      } catch (err) {
        if (!(err instanceof ConductorUnreachable)) throw err;
        if (err.mayHaveRun) {
          // Retrying could run a change twice, or meet its own lock as a confusing 409.
          throw new ServiceUnavailable(
            `The conductor ${owner} of ${target.subject} did not answer in time (${err.reason}); ` +
              "the request may still be running there. Check the node's state before retrying.",
          );
        }
        reason = err.reason;
        log.warn({ conductor: owner, method, subject: target.subject, attempt, reason }, 'conductor unreachable; re-reading the ring');
        await ring.refresh();
      }
    }
    throw new ServiceUnavailable(
      `The conductor ${tried} of ${target.subject} could not be reached (${reason}) after ${attempts} attempt${attempts > 1 ? 's' : ''}; retry the request in a little while.`,
    );
  }

  /** Who node responses name as their conductor: the ring owner (one ring read for a whole list). */
  async conductorOf(): Promise<(node: Node) => string | null> {
    const ring = await this.opts.ring.current();
    return (node) => ring.owner(node);
  }

  private async onNode<T>(uuid: string, method: RpcMethod, params: unknown[]): Promise<T> {
    return this.call<T>(await nodeByUuid(this.opts, uuid), method, params);
  }

  hardwareTypes(): Promise<HardwareTypeInfo[]> {
    return this.opts.catalog.list();
  }
  checkNodeDriver(node: Partial<Node>): Promise<Partial<Node>> {
    return this.opts.catalog.checkNode(node);
  }

  updateNode(uuid: string, changes: Partial<Node>): Promise<Node> {
    return this.onNode(uuid, 'updateNode', [uuid, changes]);
  }
  destroyNode(uuid: string): Promise<void> {
    return this.onNode(uuid, 'destroyNode', [uuid]);
  }
  changePowerState(uuid: string, target: PowerTarget, timeoutSeconds?: number): Promise<void> {
    return this.onNode(uuid, 'changePowerState', timeoutSeconds === undefined ? [uuid, target] : [uuid, target, timeoutSeconds]);
  }
  doProvisionAction(uuid: string, verb: string, args: ProvisionArgs): Promise<void> {
    return this.onNode(uuid, 'doProvisionAction', [uuid, verb, args]);
  }
  setBootDevice(uuid: string, device: BootDevice, persistent: boolean): Promise<void> {
    return this.onNode(uuid, 'setBootDevice', [uuid, device, persistent]);
  }
  getBootDevice(uuid: string): Promise<{ boot_device: BootDevice | null; persistent: boolean | null }> {
    return this.onNode(uuid, 'getBootDevice', [uuid]);
  }
  supportedBootDevices(uuid: string): Promise<BootDevice[]> {
    return this.onNode(uuid, 'supportedBootDevices', [uuid]);
  }
  injectNmi(uuid: string): Promise<void> {
    return this.onNode(uuid, 'injectNmi', [uuid]);
  }
  setMaintenance(uuid: string, on: boolean, reason?: string): Promise<Node> {
    return this.onNode(uuid, 'setMaintenance', reason === undefined ? [uuid, on] : [uuid, on, reason]);
  }
  setBootMode(uuid: string, mode: BootMode): Promise<void> {
    return this.onNode(uuid, 'setBootMode', [uuid, mode]);
  }
  setSecureBoot(uuid: string, enabled: boolean): Promise<void> {
    return this.onNode(uuid, 'setSecureBoot', [uuid, enabled]);
  }
  supportedIndicators(uuid: string): Promise<SupportedIndicators> {
    return this.onNode(uuid, 'supportedIndicators', [uuid]);
  }
  getIndicatorState(uuid: string, component: string, name: string): Promise<IndicatorState> {
    return this.onNode(uuid, 'getIndicatorState', [uuid, component, name]);
  }
  setIndicatorState(uuid: string, component: string, name: string, state: IndicatorState): Promise<void> {
    return this.onNode(uuid, 'setIndicatorState', [uuid, component, name, state]);
  }
  getSensorsData(uuid: string): Promise<SensorsData> {
    return this.onNode(uuid, 'getSensorsData', [uuid]);
  }
  vendorMethods(uuid: string): Promise<Record<string, PassthruMethod>> {
    return this.onNode(uuid, 'vendorMethods', [uuid]);
  }
  vendorPassthru(uuid: string, method: string, httpMethod: PassthruHttpMethod, args: PassthruArgs): Promise<vendor.PassthruResult> {
    return this.onNode(uuid, 'vendorPassthru', [uuid, method, httpMethod, args]);
  }
  // Driver passthru and RAID properties concern no node but need the driver loaded: a conductor serving it answers.
  driverVendorMethods(driver: string): Promise<Record<string, PassthruMethod>> {
    return this.call(driverTarget(driver), 'driverVendorMethods', [driver]);
  }
  driverVendorPassthru(driver: string, method: string, httpMethod: PassthruHttpMethod, args: PassthruArgs): Promise<vendor.PassthruResult> {
    return this.call(driverTarget(driver), 'driverVendorPassthru', [driver, method, httpMethod, args]);
  }
  raidLogicalDiskProperties(driver: string): Promise<Record<string, string>> {
    return this.call(driverTarget(driver), 'raidLogicalDiskProperties', [driver]);
  }
  setConsoleMode(uuid: string, enabled: boolean): Promise<void> {
    return this.onNode(uuid, 'setConsoleMode', [uuid, enabled]);
  }
  getConsole(uuid: string): Promise<{ console_enabled: boolean; console_info: { type: string; url: string } | null }> {
    return this.onNode(uuid, 'getConsole', [uuid]);
  }
  validate(uuid: string): Promise<Record<string, InterfaceValidation>> {
    return this.onNode(uuid, 'validate', [uuid]);
  }

  async agentLookup(addresses: string[], nodeUuid?: string): Promise<AgentLookupResult> {
    const params = nodeUuid === undefined ? [addresses] : [addresses, nodeUuid];
    return this.call(await lookupTarget(this.opts, addresses, nodeUuid), 'agentLookup', params);
  }
  agentHeartbeat(uuid: string, body: AgentHeartbeat): Promise<void> {
    return this.onNode(uuid, 'agentHeartbeat', [uuid, body]);
  }
  async continueInspection(body: unknown, nodeUuid?: string): Promise<InspectionCallbackResult> {
    const params = nodeUuid === undefined ? [body] : [body, nodeUuid];
    return this.call(await inspectionTarget(this.opts, body, nodeUuid), 'continueInspection', params);
  }

  /** A backfill goes to its node's conductor (it locks the node); a search to any conductor. */
  async createAllocation(values: NewAllocation): Promise<Allocation> {
    const target =
      values.node_id != null ? nodeTarget(await this.opts.store.nodes.getById(values.node_id)) : anyConductorTarget('a new allocation');
    return this.call(target, 'createAllocation', [values]);
  }
  async destroyAllocation(uuid: string): Promise<void> {
    const allocation = await this.opts.store.allocations.getByIdent(uuid);
    const target =
      allocation.node_id !== null
        ? nodeTarget(await this.opts.store.nodes.getById(allocation.node_id))
        : anyConductorTarget(`allocation ${uuid}`);
    return this.call(target, 'destroyAllocation', [uuid]);
  }

  vifList(uuid: string): Promise<{ id: string }[]> {
    return this.onNode(uuid, 'vifList', [uuid]);
  }
  vifAttach(uuid: string, vif: { id: string } & Record<string, unknown>): Promise<void> {
    return this.onNode(uuid, 'vifAttach', [uuid, vif]);
  }
  vifDetach(uuid: string, vifId: string): Promise<void> {
    return this.onNode(uuid, 'vifDetach', [uuid, vifId]);
  }
}
