// The commands the test BMC answers (IPMI 2.0 §20.1, §22.13, §22.18, §22.19, §28.2, §28.3,
// §28.12, §28.13) and the little state they keep: power and the boot flags (parameter 5).
// Anything else is "invalid command" (0xc1) and recorded, so a test can say what was missing.
import type { IpmiRequestFrame } from './ipmi-frame.js';

const NETFN_APP = 0x06;
const INVALID_COMMAND = 0xc1;
const INVALID_FIELD = 0xcc;
const PARAMETER_NOT_SUPPORTED = 0x80;
const BOOT_FLAGS = 5;

export interface DeviceIdentity {
  deviceId: number;
  firmwareMajor: number;
  /** Two BCD digits, as §20.1 encodes the minor revision. */
  firmwareMinorBcd: number;
  manufacturerId: number;
  productId: number;
}

export interface BmcState {
  power: 'on' | 'off';
  /** The five data bytes of boot flags as last set. */
  bootFlags: Buffer;
  identity: DeviceIdentity;
  unhandled: string[];
}

export type Answer = { code: number; data?: number[]; closeSession?: number };

export function newBmcState(identity: DeviceIdentity): BmcState {
  return { power: 'off', bootFlags: Buffer.alloc(5), identity, unhandled: [] };
}

/** Get Channel Authentication Capabilities (§22.13): IPMI 2.0 on channel 1, named users only. */
export function channelAuthCapabilities(req: IpmiRequestFrame): Answer {
  if (req.netFn !== NETFN_APP || req.command !== 0x38) return { code: INVALID_COMMAND };
  const extended = 0x80; // bit 7: IPMI 2.0 extended capabilities follow
  const md5AndNone = 0x05;
  const nonNullUsernames = 0x04;
  const ipmi20 = 0x02;
  return { code: 0, data: [0x01, extended | md5AndNone, nonNullUsernames, ipmi20, 0, 0, 0, 0] };
}

function deviceId(id: DeviceIdentity): number[] {
  const m = id.manufacturerId;
  return [
    id.deviceId,
    0x01,
    id.firmwareMajor & 0x7f,
    id.firmwareMinorBcd,
    0x02,
    0x1f,
    m & 0xff,
    (m >> 8) & 0xff,
    (m >> 16) & 0x0f,
    id.productId & 0xff,
    id.productId >> 8,
  ];
}

function bootOptions(state: BmcState, req: IpmiRequestFrame): Answer {
  const parameter = (req.data[0] ?? 0xff) & 0x7f;
  if (req.command === 0x08) {
    // Set in progress (0), acknowledge (4) and the rest are accepted and forgotten; only the flags matter here.
    if (parameter === BOOT_FLAGS) {
      if (req.data.length < 6) return { code: INVALID_FIELD };
      state.bootFlags = Buffer.from(req.data.subarray(1, 6));
    }
    return { code: 0 };
  }
  if (parameter !== BOOT_FLAGS) return { code: PARAMETER_NOT_SUPPORTED };
  return { code: 0, data: [0x01, BOOT_FLAGS, ...state.bootFlags] };
}

/** A command inside an active session. */
export function sessionCommand(
  state: BmcState,
  req: IpmiRequestFrame,
  session: { privilege: number; maxPrivilege: number; bmcSessionId: number },
): Answer {
  const key = `${req.netFn.toString(16)}/${req.command.toString(16)}`;
  switch (key) {
    case '6/1':
      return { code: 0, data: deviceId(state.identity) };
    case '6/38':
      return channelAuthCapabilities(req);
    case '6/3b': {
      // Set Session Privilege Level: 0 asks for the current level.
      const asked = (req.data[0] ?? 0) & 0x0f;
      if (asked > session.maxPrivilege) return { code: 0x81 };
      if (asked !== 0) session.privilege = asked;
      return { code: 0, data: [session.privilege] };
    }
    case '6/3c':
      return { code: 0, closeSession: req.data.length >= 4 ? req.data.readUInt32LE(0) : session.bmcSessionId };
    case '0/1':
      return { code: 0, data: [state.power === 'on' ? 0x01 : 0x00, 0x00, 0x00, 0x00] };
    case '0/2': {
      const control = req.data[0];
      if (control === undefined || control > 5) return { code: INVALID_FIELD };
      // Off and soft-off power down; on, cycle and reset leave the machine running.
      state.power = control === 0 || control === 5 ? 'off' : 'on';
      return { code: 0 };
    }
    case '0/8':
    case '0/9':
      return bootOptions(state, req);
  }
  state.unhandled.push(key);
  return { code: INVALID_COMMAND };
}
