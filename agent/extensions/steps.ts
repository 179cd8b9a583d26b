// deploy.get_deploy_steps and clean.get_clean_steps: each supporting hardware manager's steps,
// keyed by manager name, with the managers' versions (IPA's response shape).
// clean.execute_clean_step runs one of the clean steps get_clean_steps lists.
import type { Activity } from '../activity.js';
import { eraseDevices, eraseDevicesMetadata } from '../disk/erase.js';
import type { HardwareManagerRegistry } from '../hardware/registry.js';
import { InvalidParamsError, type Extension, type Params } from '../server/commands.js';
import { hardwareOpRunners, type StepRunner } from './burnin.js';

export function deployExtension(hardware: HardwareManagerRegistry): Extension {
  return {
    name: 'deploy',
    commands: {
      get_deploy_steps: {
        readOnly: true,
        async run() {
          return { result: { deploy_steps: hardware.collectSteps('getDeploySteps'), hardware_manager_version: hardware.versions() } };
        },
      },
    },
  };
}

/** The clean steps this agent can run, by name; get_clean_steps must list exactly these. */
export function cleanStepRunners(activity: Activity): Record<string, StepRunner> {
  return {
    erase_devices_metadata: () => eraseDevicesMetadata(),
    erase_devices: () => eraseDevices(activity),
    ...hardwareOpRunners(activity),
  };
}

function stepOf(params: Params, known: string[]): { step: string } & Record<string, unknown> {
  const step = params.step as Record<string, unknown> | undefined;
  if (!step || typeof step !== 'object' || typeof step.step !== 'string')
    throw new InvalidParamsError('params.step must be a clean step object with a "step" name');
  if (!known.includes(step.step))
    throw new InvalidParamsError(`unknown clean step ${JSON.stringify(step.step)}: this agent runs ${known.join(', ')}`);
  return step as { step: string } & Record<string, unknown>;
}

export function cleanExtension(hardware: HardwareManagerRegistry, activity: Activity): Extension {
  const runners = cleanStepRunners(activity);
  return {
    name: 'clean',
    commands: {
      get_clean_steps: {
        readOnly: true,
        async run() {
          return { result: { clean_steps: hardware.collectSteps('getCleanSteps'), hardware_manager_version: hardware.versions() } };
        },
      },
      execute_clean_step: {
        validate: (params) => void stepOf(params, Object.keys(runners)),
        async run(params) {
          const step = stepOf(params, Object.keys(runners));
          const args =
            step.args && typeof step.args === 'object' && !Array.isArray(step.args) ? (step.args as Record<string, unknown>) : {};
          const cleanResult = await runners[step.step]!(args);
          return { result: { clean_result: cleanResult, clean_step: step } };
        },
      },
    },
  };
}
