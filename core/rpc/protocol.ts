// The wire format of the internal API → conductor RPC: JSON-RPC 2.0 over HTTP POST /rpc. Which
// methods may be called is an explicit list (never a lookup of whatever property the caller
// names), checked against the ConductorApi interface at compile time so the two cannot drift.
import type { ConductorApi } from '../conductor/conductor-api.js';

export type RpcMethod = Exclude<keyof ConductorApi, 'hostname'>;

/** Every callable method, with the most arguments it takes (more is an invalid call). */
export const RPC_METHODS: Readonly<Record<RpcMethod, number>> = {
  hardwareTypes: 0,
  checkNodeDriver: 1,
  updateNode: 2,
  destroyNode: 1,
  changePowerState: 3,
  doProvisionAction: 3,
  setBootDevice: 3,
  getBootDevice: 1,
  supportedBootDevices: 1,
  injectNmi: 1,
  setMaintenance: 3,
  setBootMode: 2,
  setSecureBoot: 2,
  supportedIndicators: 1,
  getIndicatorState: 3,
  setIndicatorState: 4,
  getSensorsData: 1,
  vendorMethods: 1,
  vendorPassthru: 4,
  driverVendorMethods: 1,
  driverVendorPassthru: 4,
  raidLogicalDiskProperties: 1,
  setConsoleMode: 2,
  getConsole: 1,
  validate: 1,
  agentLookup: 2,
  agentHeartbeat: 2,
  continueInspection: 2,
  createAllocation: 1,
  destroyAllocation: 1,
  vifList: 1,
  vifAttach: 2,
  vifDetach: 2,
};

export function isRpcMethod(name: unknown): name is RpcMethod {
  return typeof name === 'string' && Object.hasOwn(RPC_METHODS, name);
}

export type RpcId = string | number | null;

export interface RpcRequest {
  jsonrpc: '2.0';
  id: RpcId;
  method: RpcMethod;
  params: unknown[];
}

/** What an error's `data` carries, so the client can raise the same class with the same status. */
export interface RpcErrorData {
  class: string;
  status: number;
  message: string;
  /** RateLimited's Retry-After, when the error has one. */
  retryAfterSeconds?: number;
  /** CallbackRefused's reason for the API process's log (the caller gets the generic message). */
  detail?: string;
}

export interface RpcError {
  code: number;
  message: string;
  data: RpcErrorData;
}

export type RpcResponse = { jsonrpc: '2.0'; id: RpcId; result: unknown } | { jsonrpc: '2.0'; id: RpcId; error: RpcError };

/** JSON-RPC 2.0's reserved codes, and the one used for errors raised by the called method. */
export const RPC_CODES = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  applicationError: -32000,
} as const;

export const RPC_PATH = '/rpc';
