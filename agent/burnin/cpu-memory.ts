// burnin_cpu: stress-ng's cpu stressor on every CPU. burnin_memory: the vm stressor over a share
// of RAM (vm_share, default 0.5: the ramdisk itself lives in RAM too).
import os from 'node:os';
import path from 'node:path';
import type { Activity } from '../activity.js';
import { numberArg, type Args } from './args.js';
import { withTimedProgress } from './progress.js';
import { runStressNg } from './stress-ng.js';

const yamlFile = (step: string) => path.join(os.tmpdir(), `tyr-${step}-${process.pid}.yaml`);

export async function burninCpu(args: Args, activity: Activity): Promise<Record<string, unknown>> {
  const seconds = numberArg(args, 'duration', 60, 1, 7 * 86400);
  const metrics = await withTimedProgress(activity, 'burnin_cpu', seconds, () =>
    runStressNg('burnin_cpu', ['--cpu', '0', '--cpu-method', 'all'], seconds, yamlFile('burnin_cpu')),
  );
  return { tool: 'stress-ng', cpus: os.cpus().length, duration: seconds, metrics };
}

export async function burninMemory(args: Args, activity: Activity): Promise<Record<string, unknown>> {
  const seconds = numberArg(args, 'duration', 60, 1, 7 * 86400);
  const share = numberArg(args, 'vm_share', 0.5, 0.01, 0.95);
  const percent = `${Math.round(share * 100)}%`;
  const metrics = await withTimedProgress(activity, 'burnin_memory', seconds, () =>
    runStressNg('burnin_memory', ['--vm', '1', '--vm-bytes', percent, '--verify'], seconds, yamlFile('burnin_memory')),
  );
  return { tool: 'stress-ng', vm_bytes: percent, duration: seconds, metrics };
}
