// Each in-process service logs at the level of its own configuration: two servers in one process
// (as tests run them) do not share a logger, and the level reaches the components they build.
import { expect } from 'chai';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';

describe('service log level', function () {
  this.timeout(60_000);
  const running: ApiHarness[] = [];
  after(async () => {
    for (const r of running) await r.stop();
  });

  it('hands the configured level to the conductor of each server', async () => {
    const quiet = await startApi({ service: { log_level: 'fatal' } });
    running.push(quiet);
    const louder = await startApi({ service: { log_level: 'warn' } });
    running.push(louder);
    expect(quiet.server.conductor.ctx.log.level).to.equal('fatal');
    expect(louder.server.conductor.ctx.log.level).to.equal('warn');
  });
});
