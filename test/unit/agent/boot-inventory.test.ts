// The inventory's boot section on fake sysfs trees: the boot mode from /sys/firmware/efi, Secure
// Boot from the SecureBoot EFI variable (4 attribute bytes, then the value byte), efivarfs
// mounted by the agent when init did not, and nothing claimed when it cannot be read.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EFI_GLOBAL_GUID } from '../../../agent/efivars.js';
import { collectBoot } from '../../../agent/inventory/boot.js';

/** NV + boot-service + runtime access: the attributes a real SecureBoot variable carries. */
const ATTRIBUTES = [0x06, 0, 0, 0];

describe('agent inventory: boot mode and Secure Boot (fake sysfs)', () => {
  let root: string;
  const efiDir = () => path.join(root, 'firmware', 'efi');
  const efivars = () => path.join(efiDir(), 'efivars');
  const writeVariable = (name: string, value: number[]) =>
    fs.writeFileSync(path.join(efivars(), `${name}-${EFI_GLOBAL_GUID}`), Buffer.from([...ATTRIBUTES, ...value]));
  const noMount = () => Promise.reject(new Error('mount must not be called'));

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-sysfs-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('BIOS: no /sys/firmware/efi, no secure_boot key at all', async () => {
    const boot = await collectBoot('52:54:00:12:34:56', efiDir(), noMount);
    expect(boot).to.deep.equal({ current_boot_mode: 'bios', pxe_interface: '52:54:00:12:34:56' });
  });

  it('UEFI with Secure Boot on, and off', async () => {
    fs.mkdirSync(efivars(), { recursive: true });
    writeVariable('SecureBoot', [1]);
    writeVariable('BootOrder', [0, 0]);
    expect(await collectBoot(null, efiDir(), noMount)).to.deep.equal({ current_boot_mode: 'uefi', pxe_interface: null, secure_boot: true });
    writeVariable('SecureBoot', [0]);
    expect((await collectBoot(null, efiDir(), noMount)).secure_boot).to.equal(false);
  });

  it('UEFI firmware without a SecureBoot variable does not support it: false', async () => {
    fs.mkdirSync(efivars(), { recursive: true });
    writeVariable('BootOrder', [0, 0]);
    expect((await collectBoot(null, efiDir(), noMount)).secure_boot).to.equal(false);
  });

  it('mounts efivarfs itself when the efivars directory is the bare mount point', async () => {
    fs.mkdirSync(efivars(), { recursive: true });
    const mounted: string[] = [];
    const boot = await collectBoot(null, efiDir(), (dir) => {
      mounted.push(dir);
      writeVariable('SecureBoot', [1]); // what the kernel's efivarfs would show
      return Promise.resolve();
    });
    expect(mounted).to.deep.equal([efivars()]);
    expect(boot.secure_boot).to.equal(true);
  });

  it('efivarfs that cannot be mounted: UEFI, Secure Boot left out rather than guessed', async () => {
    fs.mkdirSync(efivars(), { recursive: true });
    const boot = await collectBoot(null, efiDir(), () => Promise.reject(new Error('mount: permission denied')));
    expect(boot).to.deep.equal({ current_boot_mode: 'uefi', pxe_interface: null });
  });
});
