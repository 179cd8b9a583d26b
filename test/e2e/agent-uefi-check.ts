// Runs INSIDE the OVMF machine of agent-uefi-ovmf.test.ts (bundled by esbuild, started by node in
// a small initramfs): the agent's own inventory Secure Boot read and its UEFI boot set-up on the
// written disk, twice, as a deploy and a redeploy would. Prints one tagged JSON line per result.
import { collectBoot } from '../../agent/inventory/boot.js';
import { setUpUefiBoot } from '../../agent/image/uefi-boot.js';

const device = process.argv[2] ?? '/dev/vda';
console.log(`TYR-BOOT ${JSON.stringify(await collectBoot(null))}`);
for (const deploy of ['first', 'redeploy']) {
  console.log(`TYR-UEFI-${deploy} ${JSON.stringify(await setUpUefiBoot(device, 'debian-like'))}`);
}
