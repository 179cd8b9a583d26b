// The manager every machine supports: standard Linux interfaces only. Its steps are the ones
// Tyr's conductor knows; later issues implement them through the same extension registry.
import { collectInventory } from '../inventory/index.js';
import { HardwareSupport, type HardwareManager, type Step } from './manager.js';
import { HARDWARE_OP_STEPS } from './hw-ops-steps.js';

const step = (name: string, priority: number, iface: string, extra: Partial<Step> = {}): Step => ({
  step: name,
  priority,
  interface: iface,
  reboot_requested: false,
  ...extra,
});

export class GenericHardwareManager implements HardwareManager {
  readonly name = 'GenericHardwareManager';
  readonly version = '1.0';

  async evaluateHardwareSupport(): Promise<number> {
    return HardwareSupport.GENERIC;
  }

  collectInventory = collectInventory;

  getDeploySteps(): Step[] {
    return [
      step('erase_devices_metadata', 0, 'deploy'),
      step('write_image', 0, 'deploy', {
        argsinfo: { image_info: { description: 'the image to write and where it comes from', required: true } },
      }),
    ];
  }

  getCleanSteps(): Step[] {
    // Priorities as in IPA: metadata erase runs in automated cleaning, a full erase only on request.
    return [
      step('erase_devices_metadata', 99, 'deploy', { abortable: true }),
      step('erase_devices', 0, 'deploy', { abortable: true }),
      ...HARDWARE_OP_STEPS,
    ];
  }
}
