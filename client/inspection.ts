// Inspection: the rules stored in the core (/v1/inspection_rules), and the ramdisk's callback
// (/v1/continue_inspection; public, used by tests that play a ramdisk).
import { seg, type Http } from './http.js';
import type { Json } from './types.js';

export interface InspectionRule extends Json {
  uuid: string;
  description: string | null;
  conditions: Json[];
  actions: Json[];
  created_at: string;
}

export class InspectionApi {
  constructor(private readonly http: Http) {}

  async listRules(): Promise<InspectionRule[]> {
    return (await this.http.get<{ rules: InspectionRule[] }>('/v1/inspection_rules')).rules;
  }

  createRule(rule: { description?: string; conditions: Json[]; actions: Json[] }): Promise<InspectionRule> {
    return this.http.request<InspectionRule>('POST', '/v1/inspection_rules', { body: rule });
  }

  /** One rule by UUID, or every rule when none is given. */
  async deleteRules(uuid?: string): Promise<void> {
    await this.http.request('DELETE', uuid ? `/v1/inspection_rules/${seg(uuid)}` : '/v1/inspection_rules');
  }

  /** Ironic's shape: the inventory, and every other key plugin data; the node's UUID in the query. */
  continueInspection(
    body: { inventory: Json; [pluginData: string]: unknown },
    nodeUuid?: string,
  ): Promise<{ uuid: string; next: 'poweroff' | 'heartbeat' }> {
    return this.http.request('POST', '/v1/continue_inspection', { body, query: { node_uuid: nodeUuid } });
  }
}
