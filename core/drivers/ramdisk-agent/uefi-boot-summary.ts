// The node history's words for how a UEFI deploy's disk will be found by the firmware, from the
// uefi_boot that Tyr's agent reported (protocol/results/image-write.ts). A stock IPA installs its
// own boot loader and reports none of it, so there is nothing to say then.
import type { JsonObject } from '../../db/types.js';

export function uefiBootSummary(uefiBoot: unknown): JsonObject | undefined {
  if (!uefiBoot || typeof uefiBoot !== 'object') return undefined;
  const { method, loader, entry } = uefiBoot as { method?: unknown; loader?: unknown; entry?: unknown };
  const how =
    method === 'efibootmgr'
      ? `UEFI boot entry ${String(entry)} for ${String(loader)}, first in BootOrder`
      : `removable-media fallback ${String(loader)} (no boot entry)`;
  return { uefi_boot: how };
}
