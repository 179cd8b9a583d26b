// GRUB configs of the Secure Boot chain: rendered from the same plan as the iPXE script, and
// refusing what GRUB cannot boot (a kernel URL: it has no http module under Secure Boot).
import { expect } from 'chai';
import type { BootPlan } from '../../../core/boot/boot-plan.js';
import { GRUB_MAC_CONFIG, grubConfigFor, grubEntryConfig } from '../../../core/boot/grub-configs.js';
import type { Node } from '../../../core/db/types.js';

const node = { uuid: '11111111-2222-3333-4444-555555555555' } as Node;
const ramdisk = (kernel: string, initrd: string): BootPlan => ({
  type: 'ramdisk',
  kind: 'deploy',
  reason: 'node is wait call-back',
  node,
  kernel,
  ramdisk: initrd,
  kernelArgs: `ipa-api-url=http://10.0.0.2:6385 tyr-mode=deploy tyr-node-uuid=${node.uuid} console=ttyS0,115200n8`,
});

describe('GRUB configs (Secure Boot chain)', () => {
  it("the entry config loads the machine's own config by GRUB's MAC spelling, which the TFTP route matches", () => {
    expect(grubEntryConfig()).to.contain('configfile $prefix/${net_default_mac}.cfg');
    expect(GRUB_MAC_CONFIG.exec('grub/52:54:00:aa:00:01.cfg')?.[1]).to.equal('52:54:00:aa:00:01');
    expect(GRUB_MAC_CONFIG.test('grub/../secret.cfg')).to.equal(false);
  });

  it("boots the plan's kernel and ramdisk from files/ over TFTP with the same kernel command line as iPXE", () => {
    const plan = ramdisk('/tyr/vmlinuz', 'initrd.gz');
    const { text, problem } = grubConfigFor(plan);
    expect(problem).to.equal(undefined);
    expect(text.split('\n')).to.include.members([
      `linux /files/tyr/vmlinuz ${plan.type === 'ramdisk' ? plan.kernelArgs : ''}`,
      'initrd /files/initrd.gz',
      'boot',
    ]);
  });

  it('boots the disk with the reason when the kernel is a URL, or the node belongs to another conductor', () => {
    const url = grubConfigFor(ramdisk('http://images.example/vmlinuz', 'initrd.gz'));
    expect(url.problem).to.contain(node.uuid).and.contain('http://images.example/vmlinuz').and.contain('over TFTP');
    expect(url.text)
      .to.match(/^exit$/m)
      .and.not.match(/^linux/m);
    const chain = grubConfigFor({ type: 'chain', node, owner: 'http://10.0.0.3:8080' });
    expect(chain.problem).to.contain('http://10.0.0.3:8080');
    expect(chain.text).to.match(/^exit$/m);
  });

  it('keeps a reason with a line break on its comment line', () => {
    const { text } = grubConfigFor({ type: 'local', reason: 'node is active\nlinux http://evil' });
    expect(text.split('\n').filter((l) => l.startsWith('linux'))).to.deep.equal([]);
    expect(text).to.match(/^exit$/m);
  });
});
