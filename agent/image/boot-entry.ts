// The UEFI boot entry of the deployed OS, through efibootmgr: Tyr's entries carry one label, so a
// redeploy replaces the previous one instead of piling up entries, and the new entry goes first
// in BootOrder. efibootmgr is reached through a runner so the decision logic is testable where
// there are no EFI variables (any host not booted by UEFI firmware).
import { run } from '../exec.js';

export const TYR_BOOT_LABEL = 'tyr';

/** Runs efibootmgr with the arguments; resolves to its stdout (the table after the change). */
export type EfibootmgrRunner = (args: string[]) => Promise<string>;

export const efibootmgr: EfibootmgrRunner = async (args) => (await run('efibootmgr', args)).stdout;

export interface BootTable {
  order: string[];
  /** Boot#### number (4 hex digits) → label. */
  entries: Map<string, string>;
}

/** efibootmgr's listing: "BootOrder: 0003,0001" and "Boot0003* label[\tdevice path]" lines. */
export function parseBootTable(text: string): BootTable {
  const entries = new Map<string, string>();
  let order: string[] = [];
  for (const line of text.split('\n')) {
    const orderMatch = /^BootOrder:\s*(.*)$/.exec(line);
    if (orderMatch)
      order = orderMatch[1]!
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
    const entry = /^Boot([0-9A-Fa-f]{4})\*?\s(.*)$/.exec(line);
    if (entry) entries.set(entry[1]!.toUpperCase(), entry[2]!.split('\t')[0]!.trim());
  }
  return { order, entries };
}

const tyrEntries = (table: BootTable): string[] => [...table.entries].filter(([, label]) => label === TYR_BOOT_LABEL).map(([n]) => n);

export interface EntryTarget {
  disk: string;
  part: number;
  /** Firmware form: \EFI\debian\shimx64.efi */
  loader: string;
}

/** Creates the entry first in BootOrder, after deleting older ones of Tyr's; returns "Boot####". */
export async function setBootEntry(target: EntryTarget, runEfibootmgr: EfibootmgrRunner = efibootmgr): Promise<string> {
  for (const old of tyrEntries(parseBootTable(await runEfibootmgr([])))) {
    await runEfibootmgr(['--bootnum', old, '--delete-bootnum']);
  }
  const created = parseBootTable(
    await runEfibootmgr([
      '--create',
      '--disk',
      target.disk,
      '--part',
      String(target.part),
      '--label',
      TYR_BOOT_LABEL,
      '--loader',
      target.loader,
    ]),
  );
  const [entry] = tyrEntries(created);
  if (!entry) throw new Error(`efibootmgr --create reported no "${TYR_BOOT_LABEL}" entry afterwards`);
  // efibootmgr --create puts the entry first already; firmware or older versions may not.
  if (created.order[0] !== entry) {
    await runEfibootmgr(['--bootorder', [entry, ...created.order.filter((n) => n !== entry)].join(',')]);
  }
  return `Boot${entry}`;
}
