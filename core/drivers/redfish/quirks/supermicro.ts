// Supermicro (X11/X12/X13 BMCs).
// * BootSourceOverrideEnabled must be sent with every boot device change, or the BMC keeps its old
//   value (Ironic redfish/management.py _set_boot_device, storyboard 2008547).
// * Virtual media shows up as a USB CD: only BootSourceOverrideTarget "UsbCd" boots it; "Cd" fails
//   even with media inserted (sushy resources/system/system.py set_system_boot_options).
// * InsertMedia fails when Inserted or WriteProtected are sent at their defaults (sushy
//   virtual_media.py insert_media): the schema's defaults are left out for every vendor anyway.
import type { RedfishQuirks } from './quirk.js';

export const SUPERMICRO_QUIRKS: RedfishQuirks = {
  vendor: 'supermicro',
  matches: (manufacturer) => /supermicro|super micro/i.test(manufacturer),
  alwaysSendBootEnabled: true,
  bootTarget: (target, allowed) => (target === 'Cd' && allowed.includes('UsbCd') ? 'UsbCd' : target),
};
