// A node's hardware-operation records: cached BIOS settings (/bios, API 1.40; registry fields
// from 1.74 with detail), firmware components (/firmware), the target RAID configuration
// (PUT /states/raid, 1.12), and live sensor readings (GET /management/sensors, a Tyr extension).
// The clean steps themselves go through nodes.setProvisionState.
import { seg, type Http } from './http.js';
import type { Json } from './types.js';

export interface BiosSetting extends Json {
  name: string;
  value: string | null;
}

export interface FirmwareComponent extends Json {
  component: string;
  initial_version: string;
  current_version: string | null;
  last_version_flashed: string | null;
}

/** Sensor type ("Temperature", "Fan", "Power", "Drive") → "<member>@<chassis>" → Ironic's fields. */
export type SensorsData = Record<string, Record<string, Json>>;

export class HardwareOpsApi {
  constructor(private readonly http: Http) {}

  async bios(node: string, opts: { detail?: boolean } = {}): Promise<BiosSetting[]> {
    return (await this.http.get<{ bios: BiosSetting[] }>(`/v1/nodes/${seg(node)}/bios`, opts.detail ? { detail: 'true' } : {})).bios;
  }

  async biosSetting(node: string, name: string): Promise<BiosSetting> {
    const body = await this.http.get<Record<string, BiosSetting>>(`/v1/nodes/${seg(node)}/bios/${seg(name)}`);
    return body[name]!;
  }

  async firmware(node: string): Promise<FirmwareComponent[]> {
    return (await this.http.get<{ firmware: FirmwareComponent[] }>(`/v1/nodes/${seg(node)}/firmware`)).firmware;
  }

  async sensors(node: string): Promise<SensorsData> {
    return this.http.get<SensorsData>(`/v1/nodes/${seg(node)}/management/sensors`);
  }

  /** Sets (or, with {}, clears) the node's target_raid_config. */
  async setTargetRaidConfig(node: string, config: Json): Promise<void> {
    await this.http.request('PUT', `/v1/nodes/${seg(node)}/states/raid`, { body: config });
  }
}
