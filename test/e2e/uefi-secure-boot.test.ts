// End to end, issue #21's Secure Boot scenario: an OVMF machine with Secure Boot on (Microsoft's
// keys enrolled) and the capability secure_boot:true network-boots Tyr's agent ramdisk through
// Debian's signed chain, shim → GRUB (per-MAC grub.cfg) → the signed kernel, over Tyr's TFTP and
// HTTP with dnsmasq in a namespace (netns-tyr.ts). Inspection through the agent records
// secure_boot: true from the SecureBoot EFI variable; the deploy writes the GPT image whose ESP has
// only the removable-media path (\EFI\BOOT\BOOTX64.EFI = shim), and the machine boots it with
// Secure Boot still enforced. Needs root (namespaces).
import { expect } from 'chai';
import { ensureUefiTestImage } from '../bench/lab/uefi-test-image.js';
import { INSTANCE_MARKER } from '../bench/lab/test-image.js';
import { readBytes } from '../helpers/disk-bytes.js';
import { MINUTE, until } from '../helpers/until.js';
import { startNetnsTyr, type NetnsTyr } from './netns-tyr.js';
import { PhaseWatch } from './deploy-phases.js';
import fs from 'node:fs';

type Json = Record<string, any>;

const CYCLE = 10 * MINUTE; // a ramdisk boot through GRUB's HTTP and the agent's work, under TCG

describe('e2e: Secure Boot, shim → GRUB → signed kernel, inspect and deploy on OVMF with Microsoft keys', function () {
  this.timeout(2 * CYCLE + 5 * MINUTE);
  let rig: NetnsTyr | undefined;
  let uuid: string;
  const image = () => ensureUefiTestImage('fallback');

  before(async () => {
    rig = await startNetnsTyr('the Secure Boot e2e test', ['uefi-secure']);
    uuid = await rig.enroll(rig.lab.nodes[0]!, image(), { provide: false });
  });
  after(async function () {
    await rig?.stop(!!this.test?.parent?.tests.some((t) => t.state === 'failed'));
  });

  const node = () => rig!.lab.nodes[0]!;
  const consoleTail = () => `console tail:\n${rig!.consoleText(node()).slice(-4000)}`;

  async function reach(target: string, failed: string): Promise<Json> {
    return until(
      `${target}`,
      CYCLE,
      async () => {
        const n = (await rig!.client.nodes.get(uuid)) as Json;
        if (n.provision_state === failed) throw new Error(`${failed}: ${String(n.last_error)}\n${consoleTail()}`);
        return n.provision_state === target && !n.target_provision_state ? n : undefined;
      },
      { intervalMs: 2000, diagnostics: consoleTail },
    );
  }

  it('inspects through the agent booted by shim → GRUB: secure_boot true, boot mode uefi', async () => {
    const watch = new PhaseWatch(rig!.client, uuid, 'inspect (Secure Boot)');
    let done: Json | undefined;
    try {
      await rig!.client.nodes.setProvisionState(uuid, 'inspect');
      done = await reach('manageable', 'inspect failed');
    } finally {
      await watch.finish(done);
    }
    expect(done.last_error ?? null).to.equal(null);
    // DHCP named shimx64.efi; shim then fetched grubx64.efi from Tyr's TFTP, the last loader served.
    expect(done.driver_internal_info.boot_progress, 'Tyr served the signed chain').to.include({
      loader: 'grubx64.efi',
      loader_kind: 'signed',
    });
    expect(done.driver_internal_info.boot_progress?.config_at, 'GRUB fetched its per-MAC config').to.be.a('string');
    expect(done).to.include({ boot_mode: 'uefi', secure_boot: true });
    const text = rig!.consoleText(node());
    expect(text, "the ramdisk's kernel runs with Secure Boot").to.match(/secureboot: Secure boot enabled/);
    expect(text, 'init mounted efivarfs').to.match(/UEFI firmware, efivarfs mounted/);
  });

  it('deploys the GPT image and the machine boots it from its ESP with Secure Boot on', async () => {
    await rig!.client.nodes.setProvisionState(uuid, 'provide');
    await rig!.client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: MINUTE });
    const before = rig!.consoleText(node()).length;
    const watch = new PhaseWatch(rig!.client, uuid, 'deploy (Secure Boot)');
    let done: Json | undefined;
    try {
      await rig!.client.nodes.setProvisionState(uuid, 'active');
      done = await reach('active', 'deploy failed');
    } finally {
      await watch.finish(done);
    }
    expect(done.last_error ?? null).to.equal(null);
    const written = image();
    expect(readBytes(node().disk, 0, written.rawSize).equals(fs.readFileSync(written.raw)), 'the disk holds the image').to.equal(true);
    const uefiBoot = done.driver_internal_info.uefi_boot as Json | undefined;
    expect(uefiBoot?.method, 'how the firmware finds the OS').to.be.oneOf(['efibootmgr', 'fallback']);
    console.log(`      uefi_boot ${JSON.stringify(uefiBoot)}`);
    const booted = () => rig!.consoleText(node()).slice(before);
    await until('the instance to boot from disk', 4 * MINUTE, () => booted().includes(`${INSTANCE_MARKER} BOOT_IMAGE=`), {
      intervalMs: 1000,
      diagnostics: consoleTail,
    });
    expect(booted(), 'the instance kernel runs with Secure Boot').to.match(/secureboot: Secure boot enabled/);
  });
});
