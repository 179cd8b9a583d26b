// End to end, issue #21's mixed fleet: two lab machines on one network namespace, one SeaBIOS and
// one OVMF (UEFI, Secure Boot off), deployed at the same time through the same boot server (Tyr
// in-process, its dnsmasq in the namespace: netns-tyr.ts). The BIOS machine PXE boots with its
// NIC's iPXE ROM and gets undionly.kpxe; the UEFI machine's NIC has no ROM (qemu-hook.sh drops it
// in a namespace), so OVMF's own PXE asks with client architecture 7 and gets snponly.efi over
// TFTP, which chains to the per-MAC iPXE script. Both boot Tyr's real agent ramdisk, which writes
// the BIOS node the MBR test image and the UEFI node the GPT image with an ESP (Debian's shim and
// GRUB), then both boot their disks and print the instance marker. The UEFI node's
// driver_internal_info records how the firmware finds its OS (uefi_boot). Needs root (namespaces).
import { expect } from 'chai';
import fs from 'node:fs';
import type { LabNode } from '../bench/lab/lab.js';
import { ensureTestImage, INSTANCE_MARKER, type TestImage } from '../bench/lab/test-image.js';
import { ensureUefiTestImage } from '../bench/lab/uefi-test-image.js';
import { readBytes } from '../helpers/disk-bytes.js';
import { MINUTE, until } from '../helpers/until.js';
import { PhaseWatch } from './deploy-phases.js';
import { startNetnsTyr, type NetnsTyr } from './netns-tyr.js';

type Json = Record<string, any>;

const CYCLE = 12 * MINUTE; // two ramdisk boots and image writes at once, under TCG on 2 busy cores

interface FleetNode {
  lab: LabNode;
  uuid: string;
  image: TestImage;
  loader: string;
}

describe('e2e: mixed fleet, one BIOS and one UEFI machine deployed at once through dnsmasq in a namespace', function () {
  this.timeout(CYCLE + 6 * MINUTE);
  let rig: NetnsTyr | undefined;
  const fleet: FleetNode[] = [];

  const consoleTails = () => fleet.map((n) => `${n.lab.name} console tail:\n${rig!.consoleText(n.lab).slice(-3000)}`).join('\n');

  before(async () => {
    rig = await startNetnsTyr('the mixed-fleet e2e test', ['bios', 'uefi']);
    const plan = [
      { image: ensureTestImage(), loader: 'undionly.kpxe' },
      { image: ensureUefiTestImage('debian'), loader: 'snponly.efi' },
    ];
    for (const [i, labNode] of rig.lab.nodes.entries()) {
      const { image, loader } = plan[i]!;
      fleet.push({ lab: labNode, uuid: await rig.enroll(labNode, image), image, loader });
    }
  });

  after(async function () {
    await rig?.stop(!!this.test?.parent?.tests.some((t) => t.state === 'failed'));
  });

  it('deploys both at once: each gets its loader, reaches active, and boots its disk', async () => {
    const client = rig!.client;
    const watches = fleet.map((n) => new PhaseWatch(client, n.uuid, `${n.lab.name} (${n.lab.firmware})`));
    const finals: Json[] = [];
    try {
      await Promise.all(fleet.map((n) => client.nodes.setProvisionState(n.uuid, 'active')));
      for (const n of fleet) {
        finals.push(
          await until(
            `${n.lab.name} (${n.lab.firmware}) to reach active`,
            CYCLE,
            async () => {
              const got = (await client.nodes.get(n.uuid)) as Json;
              if (got.provision_state === 'deploy failed')
                throw new Error(`${n.lab.name}: deploy failed: ${String(got.last_error)}\n${consoleTails()}`);
              return got.provision_state === 'active' ? got : undefined;
            },
            { intervalMs: 2000, diagnostics: consoleTails },
          ),
        );
      }
    } finally {
      // finish() prints each node's phases (power on → first heartbeat, steps, write speed).
      for (const [i, w] of watches.entries()) await w.finish(finals[i]);
    }

    for (const [i, n] of fleet.entries()) {
      const done = finals[i]!;
      expect(done.last_error ?? null, n.lab.name).to.equal(null);
      // Tyr served each machine the loader for its firmware (recorded by its TFTP server).
      expect(done.driver_internal_info.boot_progress?.loader, `${n.lab.name}'s loader`).to.equal(n.loader);
      expect(done.driver_internal_info.boot_progress?.config_at, `${n.lab.name} fetched its iPXE script`).to.be.a('string');
      expect(
        readBytes(n.lab.disk, 0, n.image.rawSize).equals(fs.readFileSync(n.image.raw)),
        `${n.lab.name}'s disk holds its image`,
      ).to.equal(true);
      await until(`${n.lab.name} to boot its disk`, 4 * MINUTE, () => rig!.consoleText(n.lab).includes(`${INSTANCE_MARKER} BOOT_IMAGE=`), {
        intervalMs: 1000,
        diagnostics: consoleTails,
      });
    }
    const [bios, uefi] = fleet;
    expect(rig!.consoleText(uefi!.lab), 'OVMF PXE booted without an iPXE ROM').to.match(/Start PXE over IPv4/);
    expect(rig!.consoleText(uefi!.lab), 'the instance ran on UEFI').to.match(/secureboot: Secure boot disabled/);
    expect(rig!.consoleText(uefi!.lab), 'init mounted efivarfs').to.match(/UEFI firmware, efivarfs mounted/);
    expect(rig!.consoleText(bios!.lab)).to.not.match(/secureboot:|efivarfs mounted/);
    const uefiBoot = finals[1]!.driver_internal_info.uefi_boot as Json | undefined;
    expect(uefiBoot?.method, 'how the UEFI node boots its OS').to.be.oneOf(['efibootmgr', 'fallback']);
    console.log(`      ${uefi!.lab.name}: uefi_boot ${JSON.stringify(uefiBoot)}`);
    expect(finals[0]!.driver_internal_info.uefi_boot ?? null, 'no UEFI boot record for the BIOS node').to.equal(null);
  });
});
