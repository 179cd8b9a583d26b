// HPE iLO 5/6.
// * VirtualMedia.EjectMedia answers 400 or 415 to a POST without a body: it wants an empty JSON
//   object (sushy resources/manager/virtual_media.py eject_media retries with data={}).
import type { RedfishQuirks } from './quirk.js';

export const HPE_QUIRKS: RedfishQuirks = {
  vendor: 'hpe',
  matches: (manufacturer) => /\bhpe?\b|hewlett/i.test(manufacturer),
  ejectMediaBody: {},
};
