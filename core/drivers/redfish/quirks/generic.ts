// A service that follows the schema: nothing to work around.
import type { RedfishQuirks } from './quirk.js';

export const GENERIC_QUIRKS: RedfishQuirks = {
  vendor: 'generic',
  matches: () => true,
};
