import { expect } from 'chai';
import { TyrApiError, faultString } from '../../../client/errors.js';
import type { ApiNode } from '../../../client/types.js';
import { waitForPowerState, waitForProvisionState, WaitError } from '../../../client/wait.js';
import { errorLine } from '../../../cli/errors.js';
import { progressReporter, waitTimeoutMs } from '../../../cli/wait.js';

const node = (over: Partial<ApiNode>): ApiNode => ({
  uuid: 'u1',
  name: 'n1',
  driver: 'fake-hardware',
  provision_state: 'enroll',
  target_provision_state: null,
  power_state: 'power off',
  target_power_state: null,
  maintenance: false,
  last_error: null,
  instance_uuid: null,
  properties: {},
  driver_info: {},
  extra: {},
  ...over,
});

/** A node fetcher that plays back a script of states (the last one repeats). */
const script = (...states: Partial<ApiNode>[]) => {
  let i = 0;
  return async () => node(states[Math.min(i++, states.length - 1)]!);
};

describe('client error bodies and waits, cli error lines and progress', () => {
  it('unwraps Ironic error bodies (nested JSON string) and falls back sensibly', () => {
    const body = { error_message: JSON.stringify({ faultstring: 'Node n9 could not be found.', faultcode: 'Client', debuginfo: null }) };
    expect(faultString(body, 404)).to.equal('Node n9 could not be found.');
    expect(faultString({ error_message: 'plain text' }, 400)).to.equal('plain text');
    expect(faultString({ error_message: { faultstring: 'obj' } }, 400)).to.equal('obj');
    expect(faultString('', 502)).to.equal('HTTP 502');
  });

  it('an error line names the node when the server message does not', () => {
    const e = new TyrApiError(409, 'Node is locked by host c1', 'PUT', '/v1/nodes/n1/states/power');
    expect(errorLine(e, { kind: 'node', ident: 'n1' })).to.equal('tyr: node n1: Node is locked by host c1');
    const named = new TyrApiError(404, 'Node n1 could not be found.', 'GET', '/v1/nodes/n1');
    expect(errorLine(named, { kind: 'node', ident: 'n1' })).to.equal('tyr: Node n1 could not be found.');
  });

  it('provision wait returns on the target state with no pending target', async () => {
    const n = await waitForProvisionState(
      script(
        { provision_state: 'enroll', target_provision_state: 'manageable' },
        { provision_state: 'verifying', target_provision_state: 'manageable' },
        { provision_state: 'manageable' },
      ),
      'n1',
      ['manageable'],
      { pollIntervalMs: 1 },
    );
    expect(n.provision_state).to.equal('manageable');
  });

  it('provision wait fails fast on a "failed" state, with last_error', async () => {
    const err = await waitForProvisionState(
      script(
        { provision_state: 'cleaning', target_provision_state: 'available' },
        { provision_state: 'clean failed', last_error: 'disk erase failed on /dev/sda' },
      ),
      'n1',
      ['available'],
      { pollIntervalMs: 1 },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(WaitError);
    expect((err as Error).message).to.match(/clean failed.*disk erase failed on \/dev\/sda/);
  });

  it('provision wait times out with the current state in the message', async () => {
    const err = await waitForProvisionState(script({ provision_state: 'deploying', target_provision_state: 'active' }), 'n1', ['active'], {
      pollIntervalMs: 5,
      timeoutMs: 20,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as Error).message).to.match(/timed out .* node n1 .*"deploying"/);
  });

  it('power wait waits for the pending target to clear, and reports a failed change', async () => {
    const ok = await waitForPowerState(script({ target_power_state: 'power on' }, { power_state: 'power on' }), 'n1', 'power on', {
      pollIntervalMs: 1,
    });
    expect(ok.power_state).to.equal('power on');
    const err = await waitForPowerState(
      script({ target_power_state: 'power on' }, { power_state: 'power off', last_error: 'BMC said no' }),
      'n1',
      'power on',
      { pollIntervalMs: 1 },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as Error).message).to.match(/BMC said no/);
  });

  it('progress: one rewritten line on a TTY, a line per change otherwise', () => {
    const out: string[] = [];
    const pipe = progressReporter('node n1', { isTTY: false, write: (s: string) => out.push(s) });
    pipe.onProgress(node({ provision_state: 'deploying', target_provision_state: 'active' }), 1000);
    pipe.onProgress(node({ provision_state: 'deploying', target_provision_state: 'active' }), 2000);
    pipe.onProgress(node({ provision_state: 'active' }), 3000);
    expect(out).to.deep.equal([
      'node n1: provision state "deploying → active", power "power off" (1s)\n',
      'node n1: provision state "active", power "power off" (3s)\n',
    ]);
    const tty: string[] = [];
    const t = progressReporter('node n1', { isTTY: true, write: (s: string) => tty.push(s) });
    t.onProgress(node({ provision_state: 'deploying' }), 0);
    t.onProgress(node({ provision_state: 'deploying' }), 1000);
    t.finish();
    expect(tty).to.have.length(3);
    expect(tty[1]).to.match(/^\r\x1b\[2Knode n1: .*deploying.*\(1s\)$/);
    expect(tty[2]).to.equal('\n');
  });

  it('--wait: none means no wait, bare means no limit, a number is seconds', () => {
    expect(waitTimeoutMs(undefined)).to.equal(undefined);
    expect(waitTimeoutMs(true)).to.equal(0);
    expect(waitTimeoutMs('90')).to.equal(90_000);
    expect(() => waitTimeoutMs('soon')).to.throw(/--wait takes a number of seconds/);
  });
});
