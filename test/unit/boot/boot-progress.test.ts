// The Secure Boot diagnosis from the boot progress a node's last network boot left.
import { expect } from 'chai';
import { secureBootHint } from '../../../core/boot/boot-progress.js';

const at = '2026-12-03T13:00:00.000Z';
const withProgress = (boot_progress: unknown) => ({ driver_internal_info: { boot_progress } });

describe('boot progress: the Secure Boot hint', () => {
  it('names Secure Boot when the unsigned iPXE EFI loader was served and the script never fetched', () => {
    const hint = secureBootHint(withProgress({ loader: 'snponly.efi', loader_kind: 'ipxe-efi', loader_at: at }));
    expect(hint).to.contain('snponly.efi').and.contain('Secure Boot is the likely cause');
    expect(hint).to.contain('secure_boot:true').and.contain('turn Secure Boot off in the firmware');
  });

  it('says nothing when the script was fetched, the loader was BIOS iPXE or shim, or nothing was recorded', () => {
    expect(secureBootHint(withProgress({ loader: 'snponly.efi', loader_kind: 'ipxe-efi', loader_at: at, config_at: at }))).to.equal(
      undefined,
    );
    expect(secureBootHint(withProgress({ loader: 'undionly.kpxe', loader_kind: 'ipxe-bios', loader_at: at }))).to.equal(undefined);
    expect(secureBootHint(withProgress({ loader: 'shimx64.efi', loader_kind: 'signed', loader_at: at }))).to.equal(undefined);
    expect(secureBootHint({ driver_internal_info: {} })).to.equal(undefined);
    expect(secureBootHint(withProgress('garbage'))).to.equal(undefined);
  });

  it('ignores the record of an older boot than the one the wait is for', () => {
    const stale = withProgress({ loader: 'snponly.efi', loader_kind: 'ipxe-efi', loader_at: at });
    expect(secureBootHint(stale, Date.parse(at) + 60 * 60_000)).to.equal(undefined);
    expect(secureBootHint(stale, Date.parse(at) + 60_000)).to.contain('Secure Boot');
  });
});
