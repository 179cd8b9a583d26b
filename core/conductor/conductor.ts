// The in-process conductor: implements ConductorApi by routing each call to its operation module,
// and owns the lifecycle (registration, recovery, heartbeat, periodic tasks, worker pool).
import type { Config } from '../config.js';
import type { ConductorUrls } from '../db/conductors.js';
import type { Store } from '../db/store.js';
import type { NewAllocation } from '../db/allocations.js';
import type { Allocation, Node } from '../db/types.js';
import type { HardwareTypeInfo } from '../drivers/hardware-types.js';
import type { BootDevice, BootMode, IndicatorState, SensorsData, SupportedIndicators } from '../drivers/interfaces/management.js';
import type { PowerTarget } from '../drivers/interfaces/power.js';
import type { PassthruArgs, PassthruHttpMethod, PassthruMethod } from '../drivers/interfaces/vendor.js';
import type { DriverRegistry } from '../drivers/registry.js';
import type { Logger } from '../log.js';
import { agentHeartbeat } from './ramdisk-callbacks/heartbeat.js';
import * as allocations from './allocations.js';
import { agentLookup } from './ramdisk-callbacks/lookup.js';
import { continueInspection, type CallbackCaps } from './inspection/callback.js';
import { checkCallback } from './inspection/inventory.js';
import { newNodeCap, perNodeCap } from '../rate-cap.js';
import type {
  AgentHeartbeat,
  AgentLookupResult,
  ConductorApi,
  InspectionCallbackResult,
  InterfaceValidation,
  ProvisionArgs,
} from './conductor-api.js';
import type { ConductorContext, ConductorMetrics } from './context.js';
import { changeBootMode, changeSecureBoot } from './boot-mode.js';
import * as consoles from './console.js';
import { raidLogicalDiskProperties } from './driver-raid.js';
import * as indicators from './indicators.js';
import { getSensorsData } from './sensors.js';
import * as mgmt from './management.js';
import * as ops from './node-ops.js';
import { NovaNotifier } from './nova-notifier.js';
import { PeriodicRunner } from './periodic/runner.js';
import { PowerSync } from './periodic/power-sync.js';
import { periodicTasks } from './periodic/tasks.js';
import { takeOverDeadConductors } from './periodic/takeover.js';
import { checkWaitTimeouts } from './periodic/wait-timeouts.js';
import { changePowerState } from './power.js';
import { doProvisionAction } from './provision.js';
import { heartbeat, markOffline, recoverAfterRestart, register } from './registration.js';
import type { RingView } from './ring/ring-view.js';
import { TaskManager } from './task-manager.js';
import * as vendor from './vendor.js';
import * as vifs from './vifs.js';
import { WorkerPool } from './worker-pool.js';

export interface ConductorOptions {
  config: Config;
  store: Store;
  registry: DriverRegistry;
  log: Logger;
  /** Defaults to config.service.host. */
  host?: string;
  /** Scale-out: the hash ring over the live conductors; absent, this conductor owns every node. */
  ring?: RingView;
  /** Scale-out: its RPC and boot URLs, registered with it. */
  urls?: ConductorUrls;
  /** The service's power-sync and deploy metrics. */
  metrics?: ConductorMetrics;
}

export class Conductor implements ConductorApi {
  readonly hostname: string;
  readonly ctx: ConductorContext;
  readonly powerSync: PowerSync;
  private readonly periodic: PeriodicRunner;
  private readonly callbackCaps: CallbackCaps;
  private started = false;

  constructor(opts: ConductorOptions) {
    const host = opts.host ?? opts.config.service.host;
    const log = opts.log;
    const nova = new NovaNotifier(opts.config, log.child({ component: 'nova-notifier' }));
    this.hostname = host;
    this.ctx = {
      config: opts.config,
      store: opts.store,
      registry: opts.registry,
      host,
      log,
      tasks: new TaskManager(
        opts.store,
        opts.registry,
        opts.config,
        host,
        log,
        (node) => nova.powerChanged(node),
        (before, after, event) => opts.metrics?.deploys.transitioned(before, after, event),
      ),
      pool: new WorkerPool(opts.config.conductor.workers_pool_size),
      ring: opts.ring,
      urls: opts.urls,
      metrics: opts.metrics,
    };
    this.powerSync = new PowerSync(this.ctx);
    this.callbackCaps = {
      newNodes: newNodeCap(() => opts.config.discovery.max_new_nodes_per_minute),
      perNode: perNodeCap(() => opts.config.inspection.max_callbacks_per_node_per_minute),
    };
    this.periodic = new PeriodicRunner(log, periodicTasks(this.ctx, this.powerSync));
  }

  /** Registers, recovers what a previous run of this host left behind, starts the timers. */
  async start(): Promise<void> {
    await register(this.ctx);
    const recovered = await recoverAfterRestart(this.ctx);
    if (recovered) this.ctx.log.warn({ recovered }, 'nodes failed after a conductor restart');
    const consolesBack = await consoles.restoreConsoles(this.ctx);
    if (consolesBack) this.ctx.log.info({ consoles: consolesBack }, 'consoles re-established');
    // Allocations this host left "allocating" are searched for again, in the background.
    this.ctx.pool.reserve().run(() => allocations.resumeAllocations(this.ctx).then(() => undefined));
    this.periodic.start();
    this.started = true;
    this.ctx.log.info({ host: this.hostname, hardware_types: this.ctx.registry.hardwareTypeNames() }, 'conductor started');
  }

  /** Stops timers, aborts running work (its nodes record why), releases locks, goes offline. */
  async stop(): Promise<void> {
    await this.periodic.stop();
    await this.ctx.pool.stop(`Conductor ${this.hostname} was stopped while the operation was running; retry it.`);
    if (this.started) {
      await this.ctx.store.nodes.releaseAllHeldBy(this.hostname);
      await markOffline(this.ctx);
    }
    this.started = false;
  }

  /** Resolves when no background work runs (tests). */
  idle(): Promise<void> {
    return this.ctx.pool.idle();
  }

  /** One power-sync pass now (tests, benchmarks); returns the nodes looked at. */
  syncPowerStates(): Promise<number> {
    return this.powerSync.run();
  }

  /** One wait-timeout pass now (tests); returns the nodes failed. */
  checkWaitTimeouts(at?: number): Promise<number> {
    return checkWaitTimeouts(this.ctx, undefined, at);
  }

  /** One takeover pass now (tests): recovers nodes dead conductors left locked; returns how many. */
  takeOverDeadConductors(): Promise<number> {
    return takeOverDeadConductors(this.ctx);
  }

  heartbeat(): Promise<void> {
    return heartbeat(this.ctx);
  }

  async hardwareTypes(): Promise<HardwareTypeInfo[]> {
    return this.ctx.registry.info();
  }
  async checkNodeDriver(node: Partial<Node>): Promise<Partial<Node>> {
    return this.ctx.registry.checkNode(node);
  }
  updateNode(uuid: string, changes: Partial<Node>): Promise<Node> {
    return ops.updateNode(this.ctx, uuid, changes);
  }
  destroyNode(uuid: string): Promise<void> {
    return ops.destroyNode(this.ctx, uuid);
  }
  changePowerState(uuid: string, target: PowerTarget, timeoutSeconds?: number): Promise<void> {
    return changePowerState(this.ctx, uuid, target, timeoutSeconds);
  }
  doProvisionAction(uuid: string, verb: string, args: ProvisionArgs): Promise<void> {
    return doProvisionAction(this.ctx, uuid, verb, args);
  }
  setBootDevice(uuid: string, device: BootDevice, persistent: boolean): Promise<void> {
    return mgmt.setBootDevice(this.ctx, uuid, device, persistent);
  }
  getBootDevice(uuid: string) {
    return mgmt.getBootDevice(this.ctx, uuid);
  }
  supportedBootDevices(uuid: string): Promise<BootDevice[]> {
    return mgmt.supportedBootDevices(this.ctx, uuid);
  }
  injectNmi(uuid: string): Promise<void> {
    return mgmt.injectNmi(this.ctx, uuid);
  }
  setMaintenance(uuid: string, on: boolean, reason?: string): Promise<Node> {
    return ops.setMaintenance(this.ctx, uuid, on, reason);
  }
  setBootMode(uuid: string, mode: BootMode): Promise<void> {
    return changeBootMode(this.ctx, uuid, mode);
  }
  setSecureBoot(uuid: string, enabled: boolean): Promise<void> {
    return changeSecureBoot(this.ctx, uuid, enabled);
  }
  supportedIndicators(uuid: string): Promise<SupportedIndicators> {
    return indicators.supportedIndicators(this.ctx, uuid);
  }
  getIndicatorState(uuid: string, component: string, name: string): Promise<IndicatorState> {
    return indicators.getIndicatorState(this.ctx, uuid, component, name);
  }
  setIndicatorState(uuid: string, component: string, name: string, state: IndicatorState): Promise<void> {
    return indicators.setIndicatorState(this.ctx, uuid, component, name, state);
  }
  getSensorsData(uuid: string): Promise<SensorsData> {
    return getSensorsData(this.ctx, uuid);
  }
  vendorMethods(uuid: string): Promise<Record<string, PassthruMethod>> {
    return vendor.vendorMethods(this.ctx, uuid);
  }
  vendorPassthru(uuid: string, method: string, httpMethod: PassthruHttpMethod, args: PassthruArgs): Promise<vendor.PassthruResult> {
    return vendor.vendorPassthru(this.ctx, uuid, method, httpMethod, args);
  }
  async driverVendorMethods(driver: string): Promise<Record<string, PassthruMethod>> {
    return vendor.driverVendorMethods(this.ctx.registry, driver);
  }
  driverVendorPassthru(driver: string, method: string, httpMethod: PassthruHttpMethod, args: PassthruArgs): Promise<vendor.PassthruResult> {
    return vendor.driverVendorPassthru(this.ctx.registry, this.ctx.config, this.ctx.log, driver, method, httpMethod, args);
  }
  async raidLogicalDiskProperties(driver: string): Promise<Record<string, string>> {
    return raidLogicalDiskProperties(this.ctx.registry, driver);
  }
  setConsoleMode(uuid: string, enabled: boolean): Promise<void> {
    return consoles.setConsoleMode(this.ctx, uuid, enabled);
  }
  getConsole(uuid: string): Promise<consoles.ConsoleState> {
    return consoles.getConsole(this.ctx, uuid);
  }
  validate(uuid: string): Promise<Record<string, InterfaceValidation>> {
    return ops.validate(this.ctx, uuid);
  }
  agentLookup(addresses: string[], nodeUuid?: string): Promise<AgentLookupResult> {
    return agentLookup(this.ctx, addresses, nodeUuid);
  }
  agentHeartbeat(uuid: string, body: AgentHeartbeat): Promise<void> {
    return agentHeartbeat(this.ctx, uuid, body);
  }
  continueInspection(body: unknown, nodeUuid?: string): Promise<InspectionCallbackResult> {
    const limits = { maxPluginDataBytes: this.ctx.config.inspection.max_plugin_data_bytes };
    return continueInspection(this.ctx, checkCallback(body, limits, nodeUuid), this.callbackCaps);
  }
  createAllocation(values: NewAllocation): Promise<Allocation> {
    return allocations.createAllocation(this.ctx, values);
  }
  destroyAllocation(uuid: string): Promise<void> {
    return allocations.destroyAllocation(this.ctx, uuid);
  }
  vifList(uuid: string): Promise<{ id: string }[]> {
    return vifs.vifList(this.ctx, uuid);
  }
  vifAttach(uuid: string, vif: { id: string } & Record<string, unknown>): Promise<void> {
    return vifs.vifAttach(this.ctx, uuid, vif);
  }
  vifDetach(uuid: string, vifId: string): Promise<void> {
    return vifs.vifDetach(this.ctx, uuid, vifId);
  }
}

/** The factory the API and tests use. Call start() to register and run periodic tasks. */
export function createConductor(opts: ConductorOptions): Conductor {
  return new Conductor(opts);
}
