// Loader choice by DHCP option 93 and Secure Boot, and the iPXE/GRUB local-boot exits by boot mode.
import { expect } from 'chai';
import { clientArch, loaderFor, loaderKind } from '../../../core/boot/loaders.js';
import { localBootScript } from '../../../core/boot/ipxe-scripts.js';

describe('network boot loaders', () => {
  it('reads the firmware architecture from option 93, HTTP boot codes included', () => {
    expect(clientArch(0)).to.deep.equal({ arch: 'bios', http: false });
    expect(clientArch(7)).to.deep.equal({ arch: 'x86_64-efi', http: false });
    expect(clientArch(9)).to.deep.equal({ arch: 'x86_64-efi', http: false });
    expect(clientArch(11)).to.deep.equal({ arch: 'arm64-efi', http: false });
    expect(clientArch(16)).to.deep.equal({ arch: 'x86_64-efi', http: true });
    expect(clientArch(19)).to.deep.equal({ arch: 'arm64-efi', http: true });
    expect(clientArch(6)).to.equal(undefined);
  });

  it('serves iPXE without Secure Boot and shim with it, and says why it cannot elsewhere', () => {
    expect(loaderFor('bios', false)).to.deep.equal({ file: 'undionly.kpxe', signed: false });
    expect(loaderFor('x86_64-efi', false)).to.deep.equal({ file: 'snponly.efi', signed: false });
    expect(loaderFor('arm64-efi', false)).to.deep.equal({ file: 'snponly-arm64.efi', signed: false });
    expect(loaderFor('x86_64-efi', true)).to.deep.equal({ file: 'shimx64.efi', signed: true });
    expect(loaderFor('arm64-efi', true))
      .to.have.property('problem')
      .that.matches(/not supported on arm64/);
    expect(loaderFor('bios', true))
      .to.have.property('problem')
      .that.matches(/needs UEFI/);
  });

  it('knows which served files are loaders, and which of them are unsigned iPXE for UEFI', () => {
    expect(loaderKind('/undionly.kpxe')).to.equal('ipxe-bios');
    expect(loaderKind('snponly.efi')).to.equal('ipxe-efi');
    expect(loaderKind('ipxe.efi')).to.equal('ipxe-efi');
    expect(loaderKind('shimx64.efi')).to.equal('signed');
    expect(loaderKind('grubx64.efi')).to.equal('signed');
    expect(loaderKind('grub/grub.cfg')).to.equal(undefined);
  });
});

describe('iPXE local boot by boot mode', () => {
  it('exits to the firmware under UEFI, calls the BIOS disk under BIOS, and asks iPXE when no node says', () => {
    expect(localBootScript('node is active', 'uefi').split('\n'))
      .to.include('exit')
      .and.not.satisfy((l: string[]) => l.some((x) => x.includes('sanboot')));
    expect(localBootScript('node is active', 'bios')).to.contain('sanboot --no-describe --drive 0x80 || exit');
    const either = localBootScript('unknown MAC');
    expect(either).to.contain('iseq ${platform} efi && goto uefi_exit ||').and.contain('sanboot').and.contain(':uefi_exit\nexit');
  });
});
