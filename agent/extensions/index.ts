// The one place extensions are registered: later issues add theirs here (image, burnin, …).
import type { HardwareManagerRegistry } from '../hardware/registry.js';
import { ExtensionRegistry } from '../server/commands.js';
import { logExtension } from './log.js';
import { standbyExtension } from './standby.js';
import { cleanExtension, deployExtension } from './steps.js';

export function buildExtensions(hardware: HardwareManagerRegistry): ExtensionRegistry {
  const registry = new ExtensionRegistry();
  registry.register(standbyExtension);
  registry.register(logExtension);
  registry.register(deployExtension(hardware));
  registry.register(cleanExtension(hardware));
  return registry;
}
