// firmware.get_versions (read-only) and the update_firmware clean step.
import { currentVersions } from '../firmware/versions.js';
import { availableUpdaters } from '../firmware/registry.js';
import { updateFirmware } from '../firmware/update.js';
import type { Extension } from '../server/commands.js';

export const firmwareExtension: Extension = {
  name: 'firmware',
  commands: {
    get_versions: {
      readOnly: true,
      async run() {
        return { result: { versions: await currentVersions(await availableUpdaters()) } };
      },
    },
  },
};

export function firmwareStepRunners() {
  return { update_firmware: (args: Record<string, unknown>) => updateFirmware(args) };
}
