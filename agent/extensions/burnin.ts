// The burn-in clean steps (burnin_cpu, burnin_memory, burnin_disk, burnin_network) and the
// hardware-operation steps of the bios, raid and firmware interfaces, as clean.execute_clean_step
// runners: each takes the step's args and returns its result (metrics, settings, raid_config…).
import type { Activity } from '../activity.js';
import { burninCpu, burninMemory } from '../burnin/cpu-memory.js';
import { burninDisk } from '../burnin/disk.js';
import { burninNetwork } from '../burnin/network.js';
import { biosStepRunners } from './bios.js';
import { firmwareStepRunners } from './firmware.js';
import { raidStepRunners } from './raid.js';

export type StepRunner = (args: Record<string, unknown>) => Promise<Record<string, unknown>>;

export function hardwareOpRunners(activity: Activity): Record<string, StepRunner> {
  return {
    burnin_cpu: (args) => burninCpu(args, activity),
    burnin_memory: (args) => burninMemory(args, activity),
    burnin_disk: (args) => burninDisk(args, activity),
    burnin_network: (args) => burninNetwork(args, activity),
    ...biosStepRunners(),
    ...raidStepRunners(),
    ...firmwareStepRunners(),
  };
}
