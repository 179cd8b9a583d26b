// The `ipmitool-socat` console interface: `ipmitool … sol activate` supervised per node by the
// console supervisor, reachable on a TCP port from console.port_range (console_info type
// "socat", as Ironic's) and through the API's WebSocket. The password reaches ipmitool through a
// 0600 file (-f), written before each (re)start and removed when that ipmitool exits.
import type { Config } from '../../config.js';
import type { ConsoleSupervisor } from '../../console/supervisor.js';
import type { ConsoleProgram } from '../../console/supervised-child.js';
import type { Logger } from '../../log.js';
import type { ConsoleInterface } from '../interfaces/console.js';
import type { NodeContext } from '../interfaces/task.js';
import { IPMI_PROPERTIES, parseDriverInfo, type IpmiTarget } from './driver-info.js';
import { buildArgs } from './ipmitool-cli.js';
import type { IpmitoolResources } from './resources.js';
import type { IpmitoolRunner } from './runner.js';

export class IpmitoolSocatConsole implements ConsoleInterface {
  readonly properties = IPMI_PROPERTIES;
  // `sol deactivate` gets one try: it only clears a stale session, and a BMC that does not
  // answer shows up as the activate failing (which the supervisor retries with backoff).
  private readonly oneShot: IpmitoolRunner;

  constructor(
    private readonly config: Config,
    private readonly consoles: ConsoleSupervisor,
    private readonly ipmitool: IpmitoolResources,
  ) {
    this.oneShot = ipmitool.runner(Object.freeze({ ...config, ipmi: { ...config.ipmi, command_retry_timeout: 0 } }));
  }

  async validate(ctx: NodeContext): Promise<void> {
    parseDriverInfo(ctx.node.driver_info);
  }

  async start(ctx: NodeContext): Promise<void> {
    const target = parseDriverInfo(ctx.node.driver_info);
    await this.consoles.start(ctx.node.uuid, this.program(target, ctx.log));
  }

  async stop(ctx: NodeContext): Promise<void> {
    await this.consoles.stop(ctx.node.uuid);
  }

  async getConsole(ctx: NodeContext): Promise<{ type: string; url: string }> {
    // Empty URL: enabled in the database but not running here (e.g. it failed to resume).
    return this.consoles.info(ctx.node.uuid) ?? { type: 'socat', url: '' };
  }

  private program(target: IpmiTarget, log: Logger): ConsoleProgram {
    return {
      prepare: async () => {
        // The runner warns about failed calls; "already de-activated" is the usual answer here.
        const quiet = log.child({ purpose: 'clear a stale SOL session' }, { level: 'error' });
        await this.oneShot
          .run(target, ['sol', 'deactivate'], { log: quiet })
          .catch((err: Error) => log.debug({ err: err.message }, 'sol deactivate before activate failed (usually: no session was active)'));
        const passwordFile = target.password !== undefined ? await this.ipmitool.passwords.write(target.password) : undefined;
        const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C' };
        delete env.IPMI_PASSWORD;
        return {
          command: {
            file: this.config.ipmi.ipmitool_path,
            args: buildArgs(target, ['sol', 'activate'], passwordFile ? { file: passwordFile } : undefined),
            env,
          },
          cleanup: async () => {
            if (passwordFile) await this.ipmitool.passwords.remove(passwordFile);
          },
        };
      },
    };
  }
}
