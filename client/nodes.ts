// /v1/nodes and everything under a node: CRUD, states, maintenance, management, validation,
// traits, VIFs, inventory and history. Nodes are named by UUID or name.
import { seg, type Http, type Query } from './http.js';
import type {
  ApiNode,
  ConsoleInfo,
  Json,
  NodeListFilters,
  NodeStates,
  Page,
  PatchOp,
  PowerTarget,
  ProvisionOptions,
  ProvisionVerb,
  WaitOptions,
} from './types.js';
import { waitForNode, waitForPowerState, waitForProvisionState } from './wait.js';

const base = (node: string) => `/v1/nodes/${seg(node)}`;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function nodeQuery(f: NodeListFilters): Query {
  const { fields, detail: _detail, ...rest } = f;
  return { ...rest, fields: fields?.length ? fields.join(',') : undefined };
}

export class NodesApi {
  constructor(private readonly http: Http) {}

  /** One page of nodes; `next` is set when the server has more. */
  listPage(filters: NodeListFilters = {}): Promise<Page<ApiNode>> {
    return this.http.page<ApiNode>(filters.detail ? '/v1/nodes/detail' : '/v1/nodes', 'nodes', nodeQuery(filters));
  }

  /** Every node matching the filters, following `next` links page by page. */
  list(filters: NodeListFilters = {}): AsyncGenerator<ApiNode> {
    return this.http.pages<ApiNode>(filters.detail ? '/v1/nodes/detail' : '/v1/nodes', 'nodes', nodeQuery(filters));
  }

  get(node: string, fields?: string[]): Promise<ApiNode> {
    return this.http.get<ApiNode>(base(node), { fields: fields?.length ? fields.join(',') : undefined });
  }

  /**
   * The nodes running an instance: by instance UUID (GET /v1/nodes?instance_uuid=), or by
   * instance name (Tyr's ?instance_name=, matching instance_info.display_name). At most `limit`.
   */
  async findByInstance(instance: string, limit = 2): Promise<ApiNode[]> {
    const filter = UUID_RE.test(instance) ? { instance_uuid: instance.toLowerCase() } : { instance_name: instance };
    const found: ApiNode[] = [];
    for await (const n of this.list({ ...filter, detail: true, limit })) {
      found.push(n);
      if (found.length >= limit) break;
    }
    return found;
  }

  create(node: Json & { driver: string }): Promise<ApiNode> {
    return this.http.request<ApiNode>('POST', '/v1/nodes', { body: node });
  }

  /** resetInterfaces: with a new driver, interfaces the patch leaves alone go back to its defaults. */
  patch(node: string, ops: PatchOp[], opts: { resetInterfaces?: boolean } = {}): Promise<ApiNode> {
    return this.http.request<ApiNode>('PATCH', base(node), { body: ops, query: { reset_interfaces: opts.resetInterfaces } });
  }

  async delete(node: string): Promise<void> {
    await this.http.request('DELETE', base(node));
  }

  getStates(node: string): Promise<NodeStates> {
    return this.http.get<NodeStates>(`${base(node)}/states`);
  }

  async setPowerState(node: string, target: PowerTarget, timeoutSeconds?: number): Promise<void> {
    await this.http.request('PUT', `${base(node)}/states/power`, { body: { target, timeout: timeoutSeconds } });
  }

  async setProvisionState(node: string, verb: ProvisionVerb, opts: ProvisionOptions = {}): Promise<void> {
    await this.http.request('PUT', `${base(node)}/states/provision`, { body: { target: verb, ...opts } });
  }

  async setMaintenance(node: string, reason?: string): Promise<void> {
    await this.http.request('PUT', `${base(node)}/maintenance`, { body: reason ? { reason } : {} });
  }

  async unsetMaintenance(node: string): Promise<void> {
    await this.http.request('DELETE', `${base(node)}/maintenance`);
  }

  async setBootDevice(node: string, bootDevice: string, persistent = false): Promise<void> {
    await this.http.request('PUT', `${base(node)}/management/boot_device`, { body: { boot_device: bootDevice, persistent } });
  }

  getBootDevice(node: string): Promise<{ boot_device: string | null; persistent: boolean | null }> {
    return this.http.get(`${base(node)}/management/boot_device`);
  }

  async supportedBootDevices(node: string): Promise<string[]> {
    return (await this.http.get<{ supported_boot_devices: string[] }>(`${base(node)}/management/boot_device/supported`))
      .supported_boot_devices;
  }

  validate(node: string): Promise<Record<string, { result: boolean | null; reason?: string | null }>> {
    return this.http.get(`${base(node)}/validate`);
  }

  getConsole(node: string): Promise<ConsoleInfo> {
    return this.http.get<ConsoleInfo>(`${base(node)}/states/console`);
  }

  /** Asks for the console on or off (202); poll getConsole for the result. */
  async setConsole(node: string, enabled: boolean): Promise<void> {
    await this.http.request('PUT', `${base(node)}/states/console`, { body: { enabled } });
  }

  /** Sends a non-maskable interrupt through the management interface (API 1.29). */
  async injectNmi(node: string): Promise<void> {
    await this.http.request('PUT', `${base(node)}/management/inject_nmi`, { body: {} });
  }

  async listTraits(node: string): Promise<string[]> {
    return (await this.http.get<{ traits: string[] }>(`${base(node)}/traits`)).traits;
  }

  async setTraits(node: string, traits: string[]): Promise<void> {
    await this.http.request('PUT', `${base(node)}/traits`, { body: { traits } });
  }

  async addTrait(node: string, trait: string): Promise<void> {
    await this.http.request('PUT', `${base(node)}/traits/${seg(trait)}`);
  }

  /** Removes one trait, or every trait when none is named. */
  async removeTrait(node: string, trait?: string): Promise<void> {
    await this.http.request('DELETE', trait === undefined ? `${base(node)}/traits` : `${base(node)}/traits/${seg(trait)}`);
  }

  async listVifs(node: string): Promise<{ id: string }[]> {
    return (await this.http.get<{ vifs: { id: string }[] }>(`${base(node)}/vifs`)).vifs;
  }

  async attachVif(node: string, vifId: string, extra: Json = {}): Promise<void> {
    await this.http.request('POST', `${base(node)}/vifs`, { body: { ...extra, id: vifId } });
  }

  async detachVif(node: string, vifId: string): Promise<void> {
    await this.http.request('DELETE', `${base(node)}/vifs/${seg(vifId)}`);
  }

  inventory(node: string): Promise<{ inventory: Json; plugin_data: Json }> {
    return this.http.get(`${base(node)}/inventory`);
  }

  async history(node: string): Promise<Json[]> {
    return (await this.http.get<{ history: Json[] }>(`${base(node)}/history`)).history;
  }

  /** Polls until the node's provision state is one of `targets`; fails fast on `… failed`. */
  waitForProvisionState(node: string, targets: string | string[], opts: WaitOptions = {}): Promise<ApiNode> {
    return waitForProvisionState((n) => this.get(n), node, Array.isArray(targets) ? targets : [targets], opts);
  }

  /** Polls until the power state is `target` and no power change is pending. */
  waitForPowerState(node: string, target: 'power on' | 'power off', opts: WaitOptions = {}): Promise<ApiNode> {
    return waitForPowerState((n) => this.get(n), node, target, opts);
  }

  /** Polls until `done(node)` holds. */
  waitFor(node: string, done: (n: ApiNode) => boolean, what: string, opts: WaitOptions = {}): Promise<ApiNode> {
    return waitForNode((n) => this.get(n), node, done, what, opts);
  }
}
