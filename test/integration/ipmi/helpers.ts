// Shared set-up of the ipmitool integration tests: a Config with small IPMI budgets, a
// NodeContext for a node whose driver_info points at a lab BMC, and a recording exec.
import type * as nodeFs from 'node:fs';
import { loadConfig } from '../../../core/config-load.js';
import type { Config } from '../../../core/config.js';
import type { Node } from '../../../core/db/types.js';
import type { NodeContext } from '../../../core/drivers/interfaces/task.js';
import { testLogger } from '../../helpers/test-logger.js';
import { nativeIpmiFactory } from '../../../core/drivers/ipmitool/native.js';
import { IpmitoolResources } from '../../../core/drivers/ipmitool/resources.js';
import { ipmiClientOverride } from '../../helpers/ipmi-client-choice.js';
import { execChild, type ExecFn, type ExecRequest, type ExecResult } from '../../../core/drivers/ipmitool/runner.js';

export function testConfig(ipmi: Record<string, unknown> = {}, conductor: Record<string, unknown> = {}): Config {
  return loadConfig({
    env: {},
    overrides: {
      ipmi: { command_timeout: 5, command_retry_timeout: 3, min_command_interval_ms: 20, ...ipmiClientOverride(), ...ipmi },
      conductor: { power_state_change_timeout: 10, ...conductor },
    },
  });
}

const opened: IpmitoolResources[] = [];

/**
 * The IPMI queue, password files and native client of one test's "service", as the service makes
 * them; `config.ipmi.client` picks the client. closeIpmitool() releases them.
 */
export function ipmitool(config: Config): IpmitoolResources {
  const resources = new IpmitoolResources(config, undefined, nativeIpmiFactory);
  opened.push(resources);
  return resources;
}

export async function closeIpmitool(): Promise<void> {
  await Promise.all(opened.splice(0).map((r) => r.close()));
}

let seq = 0;
export function nodeCtx(config: Config, driverInfo: Record<string, unknown>): NodeContext {
  seq++;
  const node = {
    id: seq,
    uuid: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    driver: 'ipmi',
    driver_info: driverInfo,
    instance_info: {},
    properties: {},
    boot_mode: null,
  } as unknown as Node;
  return { node, config, log: testLogger().child({ test: 'ipmi' }) };
}

export interface Recorded {
  req: ExecRequest;
  result: ExecResult;
  /** For -f: whether the file existed, and its mode, while the child ran. */
  passwordFile?: { path: string; existed: boolean; mode: number; content: string };
}

/** execChild, plus a record of every call (real ipmitool still runs). */
export function recordingExec(fs: typeof nodeFs, calls: Recorded[]): ExecFn {
  return async (req) => {
    const i = req.args.indexOf('-f');
    let passwordFile: Recorded['passwordFile'];
    if (i >= 0) {
      const p = req.args[i + 1]!;
      const st = fs.statSync(p, { throwIfNoEntry: false });
      passwordFile = { path: p, existed: !!st, mode: st ? st.mode & 0o777 : 0, content: st ? fs.readFileSync(p, 'utf8') : '' };
    }
    const result = await execChild(req);
    calls.push({ req, result, passwordFile });
    return result;
  };
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
