// What the API asks of the conductor. The API never drives hardware or changes a node's state
// itself: it calls these methods, which in the all-in-one process are direct calls, and in the
// scale-out mode go over RPC to the conductor that owns the node. Nodes are named by UUID.
import type { NewAllocation } from '../db/allocations.js';
import type { Allocation, Node } from '../db/types.js';
import type { HardwareTypeInfo } from '../drivers/hardware-types.js';
import type { BootDevice, BootMode, IndicatorState, SensorsData, SupportedIndicators } from '../drivers/interfaces/management.js';
import type { PowerTarget } from '../drivers/interfaces/power.js';
import type { PassthruArgs, PassthruHttpMethod, PassthruMethod } from '../drivers/interfaces/vendor.js';
import type { PassthruResult } from './vendor.js';
import type { ProvisionArgs } from '../states/provision-args.js';

export type { PassthruResult };
export type { ProvisionArgs } from '../states/provision-args.js';

export interface InterfaceValidation {
  result: boolean | null;
  reason?: string;
}

/** What a lookup found: the node, and the boot's token (null when it was handed out before). */
export interface AgentLookupResult {
  node: Node;
  token: string | null;
  /** Seconds the conductor waits for the agent (the lookup's config.heartbeat_timeout). */
  heartbeatTimeout: number;
}

/** A validated heartbeat body (POST /v1/heartbeat/{node}). */
export interface AgentHeartbeat {
  callback_url: string;
  agent_token?: string;
  agent_version?: string | null;
  agent_status?: 'start' | 'end' | 'error' | null;
  agent_status_message?: string | null;
  /** IPA's automatic TLS (API 1.68): the PEM certificate the agent's command API serves. */
  agent_verify_ca?: string;
  /** Tyr extension: the agent's inventory, on the first heartbeat of a boot. */
  inventory?: Record<string, unknown>;
  /** Tyr extension: progress of the running command, stored as driver_internal_info.deploy_progress. */
  progress?: AgentProgress;
}

export interface AgentProgress {
  command?: string;
  bytes_written?: number;
  total_bytes?: number | null;
  mb_per_s?: number;
}

/** What an inspection callback led to: the node, and what the ramdisk does next. */
export interface InspectionCallbackResult {
  uuid: string;
  next: 'poweroff' | 'heartbeat';
  how: 'node_uuid' | 'mac' | 'bmc_address' | 'created';
}

export interface ConductorApi {
  /** Hostname this conductor registered under (reported in node responses as `conductor`). */
  readonly hostname: string;

  /** The enabled hardware types (an API process reads them from the driver catalog). */
  hardwareTypes(): Promise<HardwareTypeInfo[]>;

  /**
   * Checks a new or updated node against its hardware type: the driver exists and each
   * `*_interface` field names an implementation it supports. Fills defaults for unset ones.
   */
  checkNodeDriver(node: Partial<Node>): Promise<Partial<Node>>;

  /** Applies a whole-node update under the node's exclusive lock (NodeLocked when held). */
  updateNode(uuid: string, changes: Partial<Node>): Promise<Node>;

  /** Deletes a node under its lock; refused when it has an instance or is in a busy state. */
  destroyNode(uuid: string): Promise<void>;

  /** Starts a power change in the background; rejects synchronously with 4xx/409/503. */
  changePowerState(uuid: string, target: PowerTarget, timeoutSeconds?: number): Promise<void>;

  /** Starts a provision verb (deploy, manage, provide, …) in the background. */
  doProvisionAction(uuid: string, verb: string, args: ProvisionArgs): Promise<void>;

  setBootDevice(uuid: string, device: BootDevice, persistent: boolean): Promise<void>;
  getBootDevice(uuid: string): Promise<{ boot_device: BootDevice | null; persistent: boolean | null }>;
  supportedBootDevices(uuid: string): Promise<BootDevice[]>;
  injectNmi(uuid: string): Promise<void>;

  setMaintenance(uuid: string, on: boolean, reason?: string): Promise<Node>;

  /** Starts a boot mode / secure boot change in the background (Conflict while transitioning). */
  setBootMode(uuid: string, mode: BootMode): Promise<void>;
  setSecureBoot(uuid: string, enabled: boolean): Promise<void>;

  supportedIndicators(uuid: string): Promise<SupportedIndicators>;
  getIndicatorState(uuid: string, component: string, name: string): Promise<IndicatorState>;
  setIndicatorState(uuid: string, component: string, name: string, state: IndicatorState): Promise<void>;
  /** Current sensor readings (UnsupportedDriverExtension when the management interface has none). */
  getSensorsData(uuid: string): Promise<SensorsData>;

  /** The node's vendor passthru methods, and a call of one (synchronous, or started: 202). */
  vendorMethods(uuid: string): Promise<Record<string, PassthruMethod>>;
  vendorPassthru(uuid: string, method: string, httpMethod: PassthruHttpMethod, args: PassthruArgs): Promise<PassthruResult>;
  /** The same for a driver (its hardware type's default vendor interface); no node involved. */
  driverVendorMethods(driver: string): Promise<Record<string, PassthruMethod>>;
  driverVendorPassthru(driver: string, method: string, httpMethod: PassthruHttpMethod, args: PassthruArgs): Promise<PassthruResult>;
  /** Logical disk keys of the driver's default RAID interface (UnsupportedDriverExtension without one). */
  raidLogicalDiskProperties(driver: string): Promise<Record<string, string>>;

  /** Starts or stops the node's console (the console interface) and records console_enabled. */
  setConsoleMode(uuid: string, enabled: boolean): Promise<void>;
  getConsole(uuid: string): Promise<{ console_enabled: boolean; console_info: { type: string; url: string } | null }>;

  /** validate() of each interface, keyed by interface kind. */
  validate(uuid: string): Promise<Record<string, InterfaceValidation>>;

  /**
   * A ramdisk agent looks its node up by MAC (or UUID): NotFound, Conflict when the node's state
   * expects no agent; the token is issued once per ramdisk boot.
   */
  agentLookup(addresses: string[], nodeUuid?: string): Promise<AgentLookupResult>;
  /** Records an agent heartbeat: NotAuthorized without the boot's token, Conflict outside agent states. */
  agentHeartbeat(uuid: string, body: AgentHeartbeat): Promise<void>;

  /**
   * POST /v1/continue_inspection: matches the machine (MAC, then BMC address), records the data
   * for a node in inspect wait / enroll, or creates a node when discovery is on (rate-capped).
   * Conflict for a node in any other state: nothing changes. `body` is checked here (400);
   * `nodeUuid` is the query's node_uuid.
   */
  continueInspection(body: unknown, nodeUuid?: string): Promise<InspectionCallbackResult>;

  /**
   * Creates an allocation ("allocating") and looks for its node in the background; with node_id
   * (a backfill) binds that node at once and answers "active", or fails the request.
   */
  createAllocation(values: NewAllocation): Promise<Allocation>;
  /** Deletes an allocation and releases its node; Conflict while the node is active or busy and not in maintenance. */
  destroyAllocation(uuid: string): Promise<void>;

  vifList(uuid: string): Promise<{ id: string }[]>;
  vifAttach(uuid: string, vif: { id: string } & Record<string, unknown>): Promise<void>;
  vifDetach(uuid: string, vifId: string): Promise<void>;
}
