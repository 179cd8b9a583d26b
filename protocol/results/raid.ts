// The RAID clean steps' clean_result: create_configuration answers {raid_config: {logical_disks}}.
import { listAt, optionalObjectAt } from './fields.js';

export function parseRaidConfigResult(cleanResult: unknown): Record<string, unknown> {
  const config = optionalObjectAt(optionalObjectAt(cleanResult, 'clean_result').raid_config, 'raid_config');
  if (config.logical_disks !== undefined) listAt(config.logical_disks, 'raid_config.logical_disks');
  return config;
}
