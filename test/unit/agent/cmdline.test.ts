import { expect } from 'chai';
import { CmdlineError, parseBootif, parseCmdline, splitCmdline } from '../../../agent/cmdline.js';

const UUID = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123';

describe('agent cmdline', () => {
  it('parses the command line Tyr boot script writes', () => {
    const args = parseCmdline(
      `initrd=initramfs ipa-api-url=http://10.0.2.2:6385/ BOOTIF=01-52-54-00-AB-CD-EF tyr-mode=deploy tyr-node-uuid=${UUID} console=ttyS0,115200n8 console=tty0 ipa-advertise-host=127.0.0.1 ipa-advertise-port=19999\n`,
    );
    expect(args).to.deep.equal({
      apiUrl: 'http://10.0.2.2:6385',
      bootifMac: '52:54:00:ab:cd:ef',
      mode: 'deploy',
      nodeUuid: UUID,
      advertiseHost: '127.0.0.1',
      advertisePort: 19999,
      listenPort: 9999,
    });
  });

  it('accepts discovery without a node UUID and a custom listen port', () => {
    const args = parseCmdline('ipa-api-url=https://tyr.example:6385 tyr-mode=discovery ipa-listen-port=8080');
    expect(args.mode).to.equal('discovery');
    expect(args.nodeUuid).to.equal(null);
    expect(args.bootifMac).to.equal(null);
    expect(args.listenPort).to.equal(8080);
  });

  it('keeps quoted values together and lets the last occurrence win', () => {
    const m = splitCmdline('a=1 b="x y" a=2 quiet');
    expect(m.get('a')).to.equal('2');
    expect(m.get('b')).to.equal('x y');
    expect(m.get('quiet')).to.equal('');
  });

  it('reads BOOTIF with or without the hardware type prefix', () => {
    expect(parseBootif('01-aa-bb-cc-dd-ee-ff')).to.equal('aa:bb:cc:dd:ee:ff');
    expect(parseBootif('AA:BB:CC:DD:EE:FF')).to.equal('aa:bb:cc:dd:ee:ff');
    expect(parseBootif('01-aa-bb')).to.equal(null);
  });

  it('refuses a missing api url, an unknown mode and a bad port with actionable messages', () => {
    expect(() => parseCmdline('BOOTIF=01-aa-bb-cc-dd-ee-ff')).to.throw(CmdlineError, /ipa-api-url/);
    expect(() => parseCmdline('ipa-api-url=http://x tyr-mode=install')).to.throw(CmdlineError, /tyr-mode=install/);
    expect(() => parseCmdline('ipa-api-url=http://x ipa-listen-port=70000')).to.throw(CmdlineError, /ipa-listen-port=70000/);
  });
});
