// Lenovo XClarity Controller (XCC).
// * Some XCCs insert virtual media by PATCHing the VirtualMedia resource instead of the InsertMedia
//   action, and then attach nothing unless Inserted and WriteProtected are given explicitly, though
//   the schema makes them optional (sushy resources/manager/virtual_media.py insert_media, Lenovo SD530).
import type { RedfishQuirks } from './quirk.js';

export const LENOVO_QUIRKS: RedfishQuirks = {
  vendor: 'lenovo',
  matches: (manufacturer) => /lenovo/i.test(manufacturer),
  patchInsertNeedsFlags: true,
};
