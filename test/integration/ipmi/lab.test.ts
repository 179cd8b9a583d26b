// The lab's BMC helper: ready when it returns, state in files, stops only its own process,
// and a missing simulator is an error that says how to install it.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { startBmc, startBmcs, stopBmcs } from '../../bench/lab/bmc.js';
import { udpPortBound } from '../../bench/lab/ports.js';
import { processAlive } from './helpers.js';

function ipmitool(port: number, ...cmd: string[]): string {
  return execFileSync('ipmitool', ['-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', String(port), '-U', 'admin', '-E', ...cmd], {
    env: { ...process.env, IPMI_PASSWORD: 'secret' },
    encoding: 'utf8',
  });
}

describe('lab BMC helper (ipmi_sim)', function () {
  this.timeout(30000);

  it('starts several BMCs on distinct ports, keeps chassis state in files, and stops them by PID', async () => {
    const bmcs = await startBmcs(3);
    try {
      expect(new Set(bmcs.map((b) => b.port)).size).to.equal(3);
      for (const b of bmcs) expect(ipmitool(b.port, 'power', 'status')).to.contain('Chassis Power is off');
      ipmitool(bmcs[1]!.port, 'chassis', 'power', 'on');
      ipmitool(bmcs[1]!.port, 'chassis', 'bootdev', 'pxe');
      expect(bmcs.map((b) => b.powerState())).to.deep.equal(['off', 'on', 'off']);
      expect(bmcs[1]!.bootDevice()).to.equal('pxe');
      bmcs[2]!.setPowerFile(true);
      expect(ipmitool(bmcs[2]!.port, 'power', 'status')).to.contain('Chassis Power is on');
      await bmcs[0]!.stop();
      expect(processAlive(bmcs[0]!.pid)).to.equal(false);
      expect(udpPortBound(bmcs[0]!.port)).to.equal(false);
      expect(processAlive(bmcs[1]!.pid)).to.equal(true);
    } finally {
      await stopBmcs(bmcs);
    }
    for (const b of bmcs) expect(processAlive(b.pid)).to.equal(false);
  });

  it('fails with an install hint when ipmi_sim is missing', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const err = await startBmc().then(
        () => null,
        (e: unknown) => e,
      );
      expect((err as Error).message)
        .to.contain('ipmi_sim is not installed')
        .and.contain('bash scripts/install-system-deps.sh');
    } finally {
      process.env.PATH = saved;
    }
  });
});
