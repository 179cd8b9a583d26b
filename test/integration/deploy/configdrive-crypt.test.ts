// The config drive builder (real genisoimage, checked with isoinfo, both from Debian's genisoimage
// package) and SHA-512 crypt (checked against the specification's vectors and openssl passwd -6).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { buildConfigDriveIso, configDriveBlob } from '../../../core/conductor/provision-inputs/configdrive.js';
import { sha512Crypt } from '../../../core/conductor/provision-inputs/sha512-crypt.js';

function requireTool(name: string, pkg: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`${name} is missing: apt-get install ${pkg}`);
  }
}

describe('config drive builder', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    requireTool('genisoimage', 'genisoimage');
    requireTool('isoinfo', 'genisoimage');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-cd-test-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds an ISO9660 labelled config-2 with the OpenStack layout and the given contents', async () => {
    const iso = path.join(dir, 'a.iso');
    fs.writeFileSync(
      iso,
      await buildConfigDriveIso(
        {
          meta_data: { hostname: 'h1', public_keys: { k: 'ssh-ed25519 AAAA' } },
          user_data: '#cloud-config\nruncmd: []\n',
          network_data: { links: [{ id: 'eth0' }] },
        },
        '11111111-2222-4333-8444-555555555555',
      ),
    );
    expect(execFileSync('isoinfo', ['-d', '-i', iso], { encoding: 'utf8' })).to.match(/Volume id: config-2/);
    const files = execFileSync('isoinfo', ['-f', '-R', '-i', iso], { encoding: 'utf8' }).split('\n');
    expect(files).to.include.members([
      '/openstack/latest/meta_data.json',
      '/openstack/latest/user_data',
      '/openstack/latest/network_data.json',
    ]);
    const meta = JSON.parse(execFileSync('isoinfo', ['-R', '-i', iso, '-x', '/openstack/latest/meta_data.json'], { encoding: 'utf8' }));
    expect(meta).to.deep.equal({ uuid: '11111111-2222-4333-8444-555555555555', hostname: 'h1', public_keys: { k: 'ssh-ed25519 AAAA' } });
    expect(execFileSync('isoinfo', ['-R', '-i', iso, '-x', '/openstack/latest/user_data'], { encoding: 'utf8' })).to.equal(
      '#cloud-config\nruncmd: []\n',
    );
  });

  it('gzip+base64 for the agent; a string passes through; unknown keys are refused', async () => {
    const blob = await configDriveBlob({ meta_data: {} }, 'u');
    expect(gunzipSync(Buffer.from(blob, 'base64')).subarray(0x8001, 0x8006).toString()).to.equal('CD001');
    expect(await configDriveBlob('H4sIAAAA', 'u')).to.equal('H4sIAAAA');
    const err = await configDriveBlob({ metadata: {} }, 'u').catch((e: Error) => e);
    expect((err as Error).message).to.contain('unknown keys metadata');
  });

  it('says how to install genisoimage when it is missing', async () => {
    const err = await buildConfigDriveIso({}, 'u', '/nonexistent/genisoimage').catch((e: Error) => e);
    expect((err as Error).message).to.contain('apt-get install genisoimage');
  });
});

describe('SHA-512 crypt', () => {
  it('matches the specification test vectors', () => {
    expect(sha512Crypt('Hello world!', 'saltstring')).to.equal(
      '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1',
    );
    expect(sha512Crypt('Hello world!', 'saltstringsaltstring', 10000)).to.equal(
      '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
    );
  });

  it('agrees with openssl passwd -6 for long and non-ASCII passwords, with a fresh salt each time', () => {
    requireTool('openssl', 'openssl');
    for (const pw of ['x', 'p'.repeat(150), 'mot de passe é€']) {
      const hash = sha512Crypt(pw);
      const salt = hash.split('$')[2]!;
      expect(salt).to.have.length(16);
      expect(execFileSync('openssl', ['passwd', '-6', '-salt', salt, '-stdin'], { input: pw, encoding: 'utf8' }).trim()).to.equal(hash);
    }
    expect(sha512Crypt('x')).to.not.equal(sha512Crypt('x'));
  });
});
