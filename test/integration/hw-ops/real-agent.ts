// The REAL agent's command API (agent/server, agent/extensions) run in this process on the host,
// for conductor tests that cannot boot a ramdisk. Its hardware operations run the real tools
// (stress-ng, fio) on files the test names; the BIOS and firmware steps use the agent's
// TEST-ONLY lab stores in a temporary directory (TYR_AGENT_LAB_HWOPS_DIR), never the host's.
import http from 'node:http';
import { Activity } from '../../../agent/activity.js';
import { buildExtensions } from '../../../agent/extensions/index.js';
import { GenericHardwareManager } from '../../../agent/hardware/generic.js';
import { HardwareManagerRegistry } from '../../../agent/hardware/registry.js';
import { CommandRunner } from '../../../agent/server/commands.js';
import { createApiServer, listen } from '../../../agent/server/http.js';
import { TokenGuard } from '../../../agent/server/token.js';

export interface RealAgent {
  url: string;
  token: TokenGuard;
  runner: CommandRunner;
  stop(): Promise<void>;
}

export async function startRealAgent(): Promise<RealAgent> {
  const hardware = new HardwareManagerRegistry([new GenericHardwareManager()]);
  await hardware.evaluate();
  const activity = new Activity();
  const runner = new CommandRunner(buildExtensions(hardware, activity, () => undefined), activity);
  const token = new TokenGuard();
  const server: http.Server = createApiServer({ runner, token, startedAt: Date.now() / 1000 });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`, token, runner,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
