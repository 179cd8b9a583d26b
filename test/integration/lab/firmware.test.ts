// `labUp({ firmware })` with OVMF machines, each with its own variable store and enrolled with
// the boot mode its firmware has, booting the lab's UEFI instance image (uefi-test-image.ts)
// from disk: under Secure Boot through shim → GRUB → the signed kernel from the removable-media
// path only, and without Secure Boot the Debian layout (whose fallback GRUB finds
// \EFI\debian\grub.cfg). The boot order puts the empty CD first: OVMF tries it, then the disk.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { labCapabilities } from '../../bench/lab/enroll.js';
import { type LabFirmware, varsFile } from '../../bench/lab/firmware.js';
import { labDown, labUp, readLabState, type Lab } from '../../bench/lab/lab.js';
import { INSTANCE_MARKER } from '../../bench/lab/test-image.js';
import { ensureUefiTestImage, type UefiImageLayout } from '../../bench/lab/uefi-test-image.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { requireTool } from '../../helpers/tools.js';
import { MINUTE, until } from '../../helpers/until.js';

const HOOK = path.resolve('test/bench/lab/qemu-hook.sh');
const TEMPLATES: Record<Exclude<LabFirmware, 'bios'>, string> = {
  uefi: '/usr/share/OVMF/OVMF_VARS_4M.fd',
  'uefi-secure': '/usr/share/OVMF/OVMF_VARS_4M.ms.fd',
};

interface Machine {
  firmware: Exclude<LabFirmware, 'bios'>;
  layout: UefiImageLayout;
  capabilities: string;
  kernelSays: RegExp;
  lab?: Lab;
}

const MACHINES: Machine[] = [
  {
    firmware: 'uefi-secure',
    layout: 'fallback',
    capabilities: 'boot_mode:uefi,secure_boot:true',
    kernelSays: /secureboot: Secure boot enabled/,
  },
  { firmware: 'uefi', layout: 'debian', capabilities: 'boot_mode:uefi', kernelSays: /secureboot: Secure boot disabled/ },
];

describe('lab firmware: OVMF machines boot the UEFI instance image', function () {
  this.timeout(6 * MINUTE);
  let work: string;
  let api: ApiHarness;

  before(async function () {
    requireTool('qemu-system-x86_64');
    // Debian's ovmf is installed by scripts/install-system-deps.sh: a missing file fails, never skips.
    const missing = Object.values(TEMPLATES).filter((f) => !fs.existsSync(f));
    if (missing.length) throw new Error(`${missing.join(', ')} missing: install Debian's ovmf (bash scripts/install-system-deps.sh)`);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-lab-fw-'));
    api = await startApi();
  });
  after(async () => {
    for (const m of MACHINES) if (m.lab) await labDown(m.lab);
    await api?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const up = (m: Machine, tyrUrl?: string) =>
    labUp({
      nodes: 1,
      dir: path.join(work, m.firmware),
      namePrefix: `${m.firmware}-`,
      firmware: m.firmware,
      tyrUrl,
      memoryMb: 512, // GRUB under OVMF runs out of memory loading the kernel with 256 MiB
      diskGb: 1,
    });

  it('enrolls each with its boot mode, boots shim → GRUB → kernel from disk, and keeps its NVRAM across lab restarts', async () => {
    const client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    await Promise.all(
      MACHINES.map(async (m) => {
        // Both labs number their node 0 and so share its MAC: only the first is enrolled.
        const enroll = m === MACHINES[0];
        m.lab = await up(m, enroll ? api.url : undefined);
        const labNode = m.lab.nodes[0]!;
        expect(readLabState(m.lab.dir).nodes[0]!.firmware).to.equal(m.firmware);
        expect(labCapabilities(labNode)).to.equal(m.capabilities);
        if (enroll) expect((await client.nodes.get(labNode.uuid!)).properties.capabilities).to.equal(m.capabilities);
        const vars = varsFile(labNode.dir, m.firmware);
        expect(fs.readFileSync(vars).equals(fs.readFileSync(TEMPLATES[m.firmware]))).to.equal(true);

        const image = ensureUefiTestImage(m.layout);
        fs.copyFileSync(image.raw, labNode.disk);
        fs.writeFileSync(path.join(labNode.dir, 'boot'), 'cdrom\n');
        execFileSync('bash', [HOOK, labNode.dir, 'power', '1']);
        const consoleText = () => (fs.existsSync(labNode.consoleLog) ? fs.readFileSync(labNode.consoleLog, 'latin1') : '');
        await until(
          `${m.firmware} to boot the ${m.layout} image`,
          4 * MINUTE,
          () => consoleText().includes(`${INSTANCE_MARKER} BOOT_IMAGE=/vmlinuz`),
          {
            intervalMs: 1000,
            diagnostics: () => consoleText().slice(-2000),
          },
        );
        expect(consoleText()).to.match(/failed to load Boot\d+ "UEFI QEMU DVD-ROM/);
        expect(consoleText()).to.match(m.kernelSays);
        await labDown(m.lab);

        // OVMF wrote its boot options into the node's store; a new labUp over the same dir keeps them.
        const written = fs.readFileSync(vars);
        expect(written.equals(fs.readFileSync(TEMPLATES[m.firmware]))).to.equal(false);
        m.lab = await up(m);
        expect(fs.readFileSync(vars).equals(written)).to.equal(true);
      }),
    );
  });
});
