// The software RAID clean steps: create_configuration (args.target_raid_config, which the
// conductor passes from the node) and delete_configuration.
import { createConfiguration, deleteConfiguration } from '../raid/mdadm.js';

export function raidStepRunners() {
  return {
    create_configuration: (args: Record<string, unknown>) => createConfiguration(args),
    delete_configuration: () => deleteConfiguration(),
  };
}
