// The `ipmitool` vendor interface: Ironic's two IPMI passthru methods. `send_raw` sends raw
// request bytes ("0x06 0x01": netfn, command, data...); `bmc_reset` restarts the BMC (warm or
// cold). Both go through the IpmiClient and run in the background under the node lock.
import { parseBoolean } from '../../bool.js';
import { InvalidParameterValue } from '../../errors.js';
import type { NodeContext } from '../interfaces/task.js';
import { passthru, type PassthruArgs, type VendorInterface } from '../interfaces/vendor.js';
import { IPMI_PROPERTIES, parseDriverInfo } from './driver-info.js';
import type { IpmiClient } from './ipmi-client.js';

const BYTE = /^0x[0-9a-f]{1,2}$/i;

/** `raw_bytes` as numbers: at least a netfn and a command, each a 0x-prefixed byte. */
export function parseRawBytes(value: unknown): number[] {
  const bytes = typeof value === 'string' ? value.trim().split(/\s+/).filter(Boolean) : [];
  if (bytes.length < 2 || !bytes.every((b) => BYTE.test(b))) {
    throw new InvalidParameterValue(
      `send_raw needs "raw_bytes": a string of at least two hex bytes (network function, command, then data), e.g. "0x00 0x01"; got ${JSON.stringify(value)}.`,
    );
  }
  return bytes.map((b) => parseInt(b, 16));
}

/** Response bytes as ipmitool prints them ("20 01 00"), for the log. */
const hexBytes = (data: Buffer) => [...data].map((b) => b.toString(16).padStart(2, '0')).join(' ');

function parseWarm(value: unknown): boolean {
  if (value === undefined) return true;
  const warm = parseBoolean(value);
  if (warm === undefined)
    throw new InvalidParameterValue(`bmc_reset's "warm" must be true (warm reset) or false (cold reset); got ${JSON.stringify(value)}.`);
  return warm;
}

export class IpmitoolVendor implements VendorInterface {
  readonly properties = IPMI_PROPERTIES;

  constructor(private readonly ipmi: IpmiClient) {}

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
      const [netfn, command, ...data] = parseRawBytes(args.raw_bytes);
      const { data: response } = await this.ipmi.raw(target, netfn!, command!, data, ctx);
      ctx.log.info({ raw_bytes: args.raw_bytes, response: hexBytes(response) }, 'send_raw answered');
      return undefined;
    }
    await this.ipmi.bmcReset(target, parseWarm(args.warm) ? 'warm' : 'cold', ctx);
    return undefined;
  }
}
