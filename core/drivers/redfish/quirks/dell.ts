// Dell iDRAC 9.
// * BootSourceOverrideTarget "Cd" boots a physical optical drive, not the virtual media: iDRAC can
//   only be told to boot its virtual CD through the OEM ImportSystemConfiguration action on the
//   Manager, with ServerBoot.1#FirstBootDevice = VCD-DVD (Ironic's idrac hardware type,
//   drac/boot.py DracRedfishVirtualMediaBoot, through sushy-oem-idrac set_virtual_boot_device).
import type { JsonObject } from '../../../db/types.js';
import { HardwareError } from '../../../errors.js';
import type { RedfishConnection } from '../connection.js';
import type { RedfishQuirks } from './quirk.js';

const IMPORT_ACTION = '#OemManager.ImportSystemConfiguration';
const TASK_POLL_MS = 1000;
const TASK_POLLS = 120;

/** iDRAC's Server Configuration Profile for a boot from the virtual CD; no whitespace, or the job fails. */
function vcdProfile(managerId: string, persistent: boolean): string {
  return (
    `<SystemConfiguration><Component FQDD="${managerId}">` +
    `<Attribute Name="ServerBoot.1#BootOnce">${persistent ? 'Disabled' : 'Enabled'}</Attribute>` +
    '<Attribute Name="ServerBoot.1#FirstBootDevice">VCD-DVD</Attribute>' +
    '</Component></SystemConfiguration>'
  );
}

function importTarget(manager: JsonObject): string | null {
  const oem = (manager.Actions as JsonObject | undefined)?.Oem as Record<string, { target?: unknown }> | undefined;
  const entry = oem && Object.entries(oem).find(([name]) => name.endsWith(IMPORT_ACTION));
  return typeof entry?.[1].target === 'string' ? entry[1].target : null;
}

/** The import runs as a job; its task monitor answers 202 until it is done. */
async function waitForJob(conn: RedfishConnection, monitor: string): Promise<void> {
  for (let i = 0; i < TASK_POLLS; i++) {
    const task = await conn.get(monitor);
    const state = task.TaskState;
    if (state === 'Completed') return;
    if (state === 'Exception' || state === 'Killed' || state === 'Cancelled')
      throw new HardwareError(`iDRAC could not set the boot device to the virtual CD: job ${monitor} ended ${String(state)}.`);
    await new Promise((r) => setTimeout(r, TASK_POLL_MS));
  }
  throw new HardwareError(`iDRAC job ${monitor} setting the virtual CD boot did not finish in ${(TASK_POLLS * TASK_POLL_MS) / 1000} s.`);
}

export const DELL_QUIRKS: RedfishQuirks = {
  vendor: 'dell',
  matches: (manufacturer) => /\bdell\b/i.test(manufacturer),
  async bootFromVirtualCd(conn, managerPath, persistent) {
    const manager = await conn.get(managerPath);
    const target = importTarget(manager);
    if (!target) return false;
    const managerId = typeof manager.Id === 'string' ? manager.Id : 'iDRAC.Embedded.1';
    const res = await conn.post(target, { ShareParameters: { Target: 'ALL' }, ImportBuffer: vcdProfile(managerId, persistent) });
    if (res.headers.location) await waitForJob(conn, res.headers.location.replace(/^https?:\/\/[^/]+/i, ''));
    return true;
  },
};
