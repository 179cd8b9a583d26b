// The IPMI LAN message carried inside an RMCP/RMCP+ packet (IPMI 2.0 §13.8): requester and
// responder addresses, network function and LUN, sequence number, command, data, and the two
// two's-complement checksums. Tyr is always the remote console (software ID 0x81) talking to the
// BMC (slave address 0x20), LUN 0.
export const BMC_ADDRESS = 0x20;
export const CONSOLE_SWID = 0x81;

export const NetFn = { chassis: 0x00, app: 0x06 } as const;

/** Two's-complement checksum: the bytes plus the checksum sum to 0 mod 256. */
export function checksum(buf: Buffer, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += buf[i]!;
  return -sum & 0xff;
}

export interface IpmiRequest {
  netfn: number;
  command: number;
  data: Buffer | readonly number[];
}

/** Encodes a request with requester sequence `rqSeq` (6 bits). */
export function encodeRequest(req: IpmiRequest, rqSeq: number): Buffer {
  const n = req.data.length;
  const buf = Buffer.allocUnsafe(7 + n);
  buf[0] = BMC_ADDRESS;
  buf[1] = (req.netfn << 2) & 0xff;
  buf[2] = checksum(buf, 0, 2);
  buf[3] = CONSOLE_SWID;
  buf[4] = (rqSeq & 0x3f) << 2;
  buf[5] = req.command;
  for (let i = 0; i < n; i++) buf[6 + i] = req.data[i]!;
  buf[6 + n] = checksum(buf, 3, 6 + n);
  return buf;
}

export interface IpmiResponse {
  /** The response network function (request netfn + 1). */
  netfn: number;
  rqSeq: number;
  command: number;
  completionCode: number;
  /** Response data after the completion code (a view into the packet). */
  data: Buffer;
}

/** Decodes a response message; undefined when it is too short or a checksum is wrong. */
export function decodeResponse(msg: Buffer): IpmiResponse | undefined {
  if (msg.length < 8) return undefined;
  if (checksum(msg, 0, 2) !== msg[2]) return undefined;
  const last = msg.length - 1;
  if (checksum(msg, 3, last) !== msg[last]) return undefined;
  return {
    netfn: msg[1]! >> 2,
    rqSeq: msg[4]! >> 2,
    command: msg[5]!,
    completionCode: msg[6]!,
    data: msg.subarray(7, last),
  };
}

/** True when `res` answers `req` sent with `rqSeq`. */
export function answers(res: IpmiResponse, req: IpmiRequest, rqSeq: number): boolean {
  return res.netfn === (req.netfn | 1) && res.command === req.command && res.rqSeq === (rqSeq & 0x3f);
}
