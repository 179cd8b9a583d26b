// The REAL agent's command API (agent/server, agent/extensions) run in this process on the host,
// for conductor tests that cannot boot a ramdisk. Its hardware operations run the real tools
// (stress-ng, fio) on files the test names; the BIOS and firmware steps use the agent's
// TEST-ONLY lab stores in a temporary directory (TYR_AGENT_LAB_HWOPS_DIR), never the host's.
import type https from 'node:https';
import { Activity } from '../../../agent/activity.js';
import { buildExtensions } from '../../../agent/extensions/index.js';
import { GenericHardwareManager } from '../../../agent/hardware/generic.js';
import { HardwareManagerRegistry } from '../../../agent/hardware/registry.js';
import { CommandRunner } from '../../../agent/server/commands.js';
import { createApiServer, listen } from '../../../agent/server/http.js';
import { selfSignedCertificate } from '../../../agent/server/tls.js';
import { TokenGuard } from '../../../agent/server/token.js';

export interface RealAgent {
  url: string;
  /** The certificate its HTTPS API serves: send it as agent_verify_ca in heartbeats. */
  cert: string;
  token: TokenGuard;
  runner: CommandRunner;
  stop(): Promise<void>;
}

export async function startRealAgent(): Promise<RealAgent> {
  const hardware = new HardwareManagerRegistry([new GenericHardwareManager()]);
  await hardware.evaluate();
  const activity = new Activity();
  const runner = new CommandRunner(
    buildExtensions(hardware, activity, () => undefined),
    activity,
  );
  const token = new TokenGuard();
  const tls = selfSignedCertificate('127.0.0.1');
  const server: https.Server = createApiServer({ runner, token, startedAt: Date.now() / 1000, tls });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `https://127.0.0.1:${port}`,
    cert: tls.cert,
    token,
    runner,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
