// redfishtool (Debian), a second independent Redfish client: reads the systems and resets one.
// redfishtool takes the password only on its argv; that is unavoidable for this third-party CLI,
// and the password is a throwaway one made for this test's sim.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { type RedfishSim, startRedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { requireTool } from '../../helpers/tools.js';

const execFileP = promisify(execFile);

describe('redfish-sim with redfishtool', function () {
  this.timeout(60_000);
  let sim: RedfishSim;
  const redfishtool = (...args: string[]) => {
    const port = new URL(sim.url).port;
    return execFileP(requireTool('redfishtool'), [
      '-r',
      `127.0.0.1:${port}`,
      '-u',
      sim.username,
      '-p',
      sim.password,
      '-S',
      'Always',
      ...args,
    ]);
  };

  before(async () => {
    sim = await startRedfishSim({ vendor: 'Redfishtool Lab' });
  });
  after(async () => {
    await sim.stop();
  });

  it('lists the systems and reads Systems/1', async () => {
    const list = JSON.parse((await redfishtool('Systems')).stdout);
    expect(list.Members).to.deep.equal([{ '@odata.id': '/redfish/v1/Systems/1' }]);
    const system = JSON.parse((await redfishtool('Systems', '-I', '1')).stdout);
    expect(system).to.include({ Manufacturer: 'Redfishtool Lab', PowerState: 'Off' });
  });

  it('powers on and forces off with Systems reset, over a session it closes', async () => {
    await redfishtool('-A', 'Session', 'Systems', 'reset', 'On');
    expect(sim.state.powerState).to.equal('On');
    await redfishtool('-A', 'Session', 'Systems', 'reset', 'ForceOff');
    expect(sim.state.powerState).to.equal('Off');
    expect(sim.stats.sessionsOpened).to.be.above(0);
    expect(sim.stats.sessionsClosed).to.equal(sim.stats.sessionsOpened);
  });

  it('fails with 401 on a wrong password', async () => {
    const port = new URL(sim.url).port;
    const failed = await execFileP(requireTool('redfishtool'), [
      '-r',
      `127.0.0.1:${port}`,
      '-u',
      sim.username,
      '-p',
      'wrong',
      '-S',
      'Always',
      'Systems',
    ]).then(
      () => null,
      (err: { stderr: string; code: number }) => err,
    );
    expect(failed?.code).to.not.equal(0);
    expect(failed?.stderr).to.contain('401');
  });
});
