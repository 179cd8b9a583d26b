// The IPMI message inside a LAN packet (IPMI 2.0 §13.8, table 13-8): addresses, netFn/LUN,
// sequence and command, each half closed by a two's-complement checksum. Written from the spec
// for the test BMC only: nothing here comes from core/ipmi/, so the test stays independent.

export interface IpmiRequestFrame {
  responderAddress: number;
  netFnLun: number;
  requesterAddress: number;
  sequenceLun: number;
  netFn: number;
  command: number;
  data: Buffer;
}

/** The byte that makes `bytes` sum to zero modulo 256. */
export function checksum(bytes: Buffer | readonly number[]): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return (0x100 - sum) & 0xff;
}

/** A request as a console sends it, or undefined when it is too short or a checksum is wrong. */
export function parseRequest(msg: Buffer): IpmiRequestFrame | undefined {
  if (msg.length < 7) return undefined;
  if (checksum(msg.subarray(0, 2)) !== msg[2]) return undefined;
  if (checksum(msg.subarray(3, msg.length - 1)) !== msg[msg.length - 1]) return undefined;
  return {
    responderAddress: msg[0]!,
    netFnLun: msg[1]!,
    requesterAddress: msg[3]!,
    sequenceLun: msg[4]!,
    netFn: msg[1]! >> 2,
    command: msg[5]!,
    data: msg.subarray(6, msg.length - 1),
  };
}

/** The response to `req`: odd netFn, the requester's sequence, the completion code first. */
export function buildResponse(req: IpmiRequestFrame, completionCode: number, data: readonly number[] = []): Buffer {
  const head = [req.requesterAddress, ((req.netFn | 1) << 2) | (req.sequenceLun & 0x03)];
  const body = [req.responderAddress, (req.sequenceLun & 0xfc) | (req.netFnLun & 0x03), req.command, completionCode, ...data];
  return Buffer.from([...head, checksum(head), ...body, checksum(body)]);
}
