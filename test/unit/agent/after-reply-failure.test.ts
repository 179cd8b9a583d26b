// A command's after-reply action (power off, reboot) that fails once the reply is sent must be
// logged and leave the agent serving: before the fix its rejection was unhandled.
import './agent-env.js';
import { expect } from 'chai';
import type https from 'node:https';
import { CommandRunner, ExtensionRegistry } from '../../../agent/server/commands.js';
import { createApiServer, listen } from '../../../agent/server/http.js';
import { selfSignedCertificate } from '../../../agent/server/tls.js';
import { TokenGuard } from '../../../agent/server/token.js';
import { pinnedFetch } from '../../helpers/pinned-fetch.js';

describe('agent command API: a failing after-reply action', () => {
  let server: https.Server;
  let base: string;
  let afterReplyRan: Promise<void>;
  const tls = selfSignedCertificate('127.0.0.1');
  const fetch = pinnedFetch(tls.cert);
  const tok = { 'X-Agent-Token': 'tok' };

  before(async () => {
    const reg = new ExtensionRegistry();
    let markRan = (): void => {};
    afterReplyRan = new Promise<void>((resolve) => (markRan = resolve));
    reg.register({
      name: 'test',
      commands: {
        reboot: {
          async run() {
            return {
              result: null,
              afterReply: async () => {
                markRan();
                throw new Error('reboot: no such device');
              },
            };
          },
        },
      },
    });
    const guard = new TokenGuard();
    guard.set('tok');
    server = createApiServer({ runner: new CommandRunner(reg), token: guard, startedAt: 1700000000, tls });
    base = `https://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers the command, survives the rejection, and keeps serving', async () => {
    const unhandled: unknown[] = [];
    const watch = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', watch);
    const res = await fetch(`${base}/v1/commands/?wait=true`, {
      method: 'POST',
      body: JSON.stringify({ name: 'test.reboot', params: {} }),
      headers: { 'Content-Type': 'application/json', ...tok },
    });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.include({ command_status: 'SUCCEEDED' });
    await afterReplyRan;
    // Give the rejection a turn to surface as unhandled (mocha fails the test if it does).
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off('unhandledRejection', watch);
    expect(unhandled, 'no unhandled rejection').to.deep.equal([]);
    expect((await fetch(`${base}/v1/status`, { headers: tok })).status).to.equal(200);
  });
});
