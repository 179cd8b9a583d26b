// /v1/ports: list (by node or address), show, create and delete.
import { seg, type Http } from './http.js';
import type { ApiPort, Json, Page, PortListFilters } from './types.js';

function portQuery(f: PortListFilters) {
  const { fields, detail: _detail, ...rest } = f;
  return { ...rest, fields: fields?.length ? fields.join(',') : undefined };
}

export class PortsApi {
  constructor(private readonly http: Http) {}

  listPage(filters: PortListFilters = {}): Promise<Page<ApiPort>> {
    return this.http.page<ApiPort>(filters.detail ? '/v1/ports/detail' : '/v1/ports', 'ports', portQuery(filters));
  }

  list(filters: PortListFilters = {}): AsyncGenerator<ApiPort> {
    return this.http.pages<ApiPort>(filters.detail ? '/v1/ports/detail' : '/v1/ports', 'ports', portQuery(filters));
  }

  get(port: string): Promise<ApiPort> {
    return this.http.get<ApiPort>(`/v1/ports/${seg(port)}`);
  }

  /** `node_uuid` is the node's UUID; the API does not take names here. */
  create(port: Json & { address: string; node_uuid: string }): Promise<ApiPort> {
    return this.http.request<ApiPort>('POST', '/v1/ports', { body: port });
  }

  async delete(port: string): Promise<void> {
    await this.http.request('DELETE', `/v1/ports/${seg(port)}`);
  }
}
