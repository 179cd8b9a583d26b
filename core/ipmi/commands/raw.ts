// Any request, for vendor passthru: the caller gets the data after a zero completion code.
import type { RawResponse } from '../../drivers/ipmitool/ipmi-client.js';
import type { Command } from './command.js';

const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

export function rawCommand(netfn: number, command: number, data: readonly number[]): Command<RawResponse> {
  return {
    operation: 'raw',
    description: `raw ${hex(netfn)} ${hex(command)}`,
    request: { netfn: netfn & 0x3f, command: command & 0xff, data: data.map((b) => b & 0xff) },
    parse: (d) => ({ data: Buffer.from(d) }),
  };
}
