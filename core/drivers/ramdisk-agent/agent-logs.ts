// The ramdisk's logs, fetched after a failed step as Ironic does ([agent]deploy_logs_collect
// on_failure, local storage): log.collect_system_logs answers a base64 tar.gz, kept as
// <data_dir>/deploy-logs/<node uuid>_<time>.tar.gz. Best effort: a failure here is logged only,
// so it never hides the failure that led here.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseSystemLogs } from '../../../protocol/results/system-logs.js';
import { asHardwareError } from '../../shape-errors.js';
import type { NodeContext } from '../interfaces/task.js';
import { agentClient } from './commands.js';

const LOGS_TIMEOUT_MS = 60_000;

export function deployLogsDir(ctx: NodeContext): string {
  return path.join(ctx.config.service.data_dir, 'deploy-logs');
}

export async function collectAgentLogs(ctx: NodeContext): Promise<string | undefined> {
  try {
    const result = await agentClient(ctx, LOGS_TIMEOUT_MS).runCommand('log.collect_system_logs', {}, { wait: true });
    const b64 = asHardwareError(
      () => parseSystemLogs(result.command_result),
      `log.collect_system_logs on the agent of node ${ctx.node.uuid}`,
    );
    const dir = deployLogsDir(ctx);
    await fs.mkdir(dir, { recursive: true, mode: 0o750 });
    const file = path.join(dir, `${ctx.node.uuid}_${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`);
    // Logs can name hosts and disks of a tenant's machine: readable by the service only.
    await fs.writeFile(file, Buffer.from(b64, 'base64'), { mode: 0o600 });
    ctx.log.info({ file }, 'kept the ramdisk logs of the failed step');
    return file;
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message }, 'could not collect the ramdisk logs after the failure');
    return undefined;
  }
}
