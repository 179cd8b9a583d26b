// The one place extensions are registered: later issues add theirs here (burnin, firmware, …).
import type { Activity } from '../activity.js';
import type { HardwareManagerRegistry } from '../hardware/registry.js';
import { ExtensionRegistry } from '../server/commands.js';
import { biosExtension } from './bios.js';
import { firmwareExtension } from './firmware.js';
import { logExtension } from './log.js';
import { rescueExtension } from './rescue.js';
import { standbyExtension } from './standby.js';
import { cleanExtension, deployExtension } from './steps.js';

/** `stop` ends the agent (after finalize_rescue: the init then offers a console login). */
export function buildExtensions(hardware: HardwareManagerRegistry, activity: Activity, stop: () => void): ExtensionRegistry {
  const registry = new ExtensionRegistry();
  registry.register(standbyExtension(activity));
  registry.register(logExtension);
  registry.register(deployExtension(hardware));
  registry.register(cleanExtension(hardware, activity));
  registry.register(rescueExtension(stop));
  registry.register(biosExtension);
  registry.register(firmwareExtension);
  return registry;
}
