// bios.get_settings (read-only: the conductor caches the settings with their registry) and the
// BIOS clean steps apply_configuration and factory_reset.
import { applyConfiguration, biosSettings, factoryReset } from '../bios/registry.js';
import type { Extension } from '../server/commands.js';

export const biosExtension: Extension = {
  name: 'bios',
  commands: {
    get_settings: {
      readOnly: true,
      async run() {
        return { result: await biosSettings() };
      },
    },
  },
};

export function biosStepRunners() {
  return {
    apply_configuration: (args: Record<string, unknown>) => applyConfiguration(args),
    factory_reset: () => factoryReset(),
  };
}
