// deploy.get_deploy_steps and clean.get_clean_steps: each supporting hardware manager's steps,
// keyed by manager name, with the managers' versions (IPA's response shape).
import type { HardwareManagerRegistry } from '../hardware/registry.js';
import type { Extension } from '../server/commands.js';

export function deployExtension(hardware: HardwareManagerRegistry): Extension {
  return {
    name: 'deploy',
    commands: {
      get_deploy_steps: {
        async run() {
          return { result: { deploy_steps: hardware.collectSteps('getDeploySteps'), hardware_manager_version: hardware.versions() } };
        },
      },
    },
  };
}

export function cleanExtension(hardware: HardwareManagerRegistry): Extension {
  return {
    name: 'clean',
    commands: {
      get_clean_steps: {
        async run() {
          return { result: { clean_steps: hardware.collectSteps('getCleanSteps'), hardware_manager_version: hardware.versions() } };
        },
      },
    },
  };
}
