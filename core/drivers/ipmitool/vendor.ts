// The `ipmitool` vendor interface: Ironic's two IPMI passthru methods. `send_raw` sends raw
// request bytes ("0x06 0x01": netfn, command, data...) as `ipmitool raw`; `bmc_reset` restarts
// the BMC (`ipmitool bmc reset warm|cold`). Both run in the background under the node lock.
import { parseBoolean } from '../../bool.js';
import { InvalidParameterValue } from '../../errors.js';
import type { NodeContext } from '../interfaces/task.js';
import { passthru, type PassthruArgs, type VendorInterface } from '../interfaces/vendor.js';
import { IPMI_PROPERTIES, parseDriverInfo } from './driver-info.js';
import type { IpmitoolRunner } from './runner.js';

const BYTE = /^0x[0-9a-f]{1,2}$/i;

/** `raw_bytes` as ipmitool's arguments: at least a netfn and a command, each a 0x-prefixed byte. */
export function parseRawBytes(value: unknown): string[] {
  const bytes = typeof value === 'string' ? value.trim().split(/\s+/).filter(Boolean) : [];
  if (bytes.length < 2 || !bytes.every((b) => BYTE.test(b))) {
    throw new InvalidParameterValue(
      `send_raw needs "raw_bytes": a string of at least two hex bytes (network function, command, then data), e.g. "0x00 0x01"; got ${JSON.stringify(value)}.`,
    );
  }
  return bytes;
}

function parseWarm(value: unknown): boolean {
  if (value === undefined) return true;
  const warm = parseBoolean(value);
  if (warm === undefined)
    throw new InvalidParameterValue(`bmc_reset's "warm" must be true (warm reset) or false (cold reset); got ${JSON.stringify(value)}.`);
  return warm;
}

export class IpmitoolVendor implements VendorInterface {
  readonly properties = IPMI_PROPERTIES;

  constructor(private readonly runner: IpmitoolRunner) {}

  routes() {
    return {
      send_raw: passthru(
        ['POST'],
        'Sends raw bytes to the BMC. Argument "raw_bytes": hex bytes, network function and command first, e.g. "0x00 0x01".',
      ),
      bmc_reset: passthru(['POST'], 'Resets the BMC. Argument "warm": true (default) for a warm reset, false for a cold one.'),
    };
  }

  async validate(ctx: NodeContext, method?: string, args: PassthruArgs = {}): Promise<void> {
    parseDriverInfo(ctx.node.driver_info);
    if (method === 'send_raw') parseRawBytes(args.raw_bytes);
    if (method === 'bmc_reset') parseWarm(args.warm);
  }

  async call(ctx: NodeContext, method: string, args: PassthruArgs): Promise<unknown> {
    const target = parseDriverInfo(ctx.node.driver_info);
    if (method === 'send_raw') {
      const out = await this.runner.run(target, ['raw', ...parseRawBytes(args.raw_bytes)], ctx);
      ctx.log.info({ raw_bytes: args.raw_bytes, response: out.trim() }, 'send_raw answered');
      return undefined;
    }
    await this.runner.run(target, ['bmc', 'reset', parseWarm(args.warm) ? 'warm' : 'cold'], ctx);
    return undefined;
  }
}
