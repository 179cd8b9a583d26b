// TyrClient: the one typed client for the core API. The CLI, the Nova shim, the api-extension
// and the tests all go through it, so no HTTP call to the core is written twice.
import { Http, seg, type ClientOptions } from './http.js';
import { HardwareOpsApi } from './hw-ops.js';
import { InspectionApi } from './inspection.js';
import { NodesApi } from './nodes.js';
import { PortsApi } from './ports.js';
import type { Json } from './types.js';

export class TyrClient {
  readonly http: Http;
  readonly nodes: NodesApi;
  readonly ports: PortsApi;
  readonly inspection: InspectionApi;
  readonly hwops: HardwareOpsApi;

  constructor(opts: ClientOptions) {
    this.http = new Http(opts);
    this.nodes = new NodesApi(this.http);
    this.ports = new PortsApi(this.http);
    this.inspection = new InspectionApi(this.http);
    this.hwops = new HardwareOpsApi(this.http);
  }

  get url(): string {
    return this.http.baseUrl;
  }

  /** GET /v1/: its `version` object (min_version, version), as Ironic nests it. */
  async version(): Promise<{ version: string; min_version: string }> {
    return (await this.http.get<{ version: { version: string; min_version: string } }>('/v1/')).version;
  }

  async listDrivers(): Promise<Json[]> {
    return (await this.http.get<{ drivers: Json[] }>('/v1/drivers')).drivers;
  }

  getDriver(name: string): Promise<Json> {
    return this.http.get(`/v1/drivers/${seg(name)}`);
  }

  async listConductors(detail = false): Promise<Json[]> {
    return (await this.http.get<{ conductors: Json[] }>('/v1/conductors', { detail: detail || undefined })).conductors;
  }
}
