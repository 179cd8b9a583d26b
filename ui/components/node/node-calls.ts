// The /v1 calls the node page and its forms make, in one place so each form states intent only.
import { api } from '../../api.js';

const enc = encodeURIComponent;
/** Firmware components are past Tyr's microversion maximum; Tyr's own clients opt in with this header. */
const TYR_EXTENSIONS = { 'X-Tyr-Extensions': '1' };

export const nodePath = (ident: string) => `/v1/nodes/${enc(ident)}`;

export function setProvisionState(ident: string, target: string, args: Record<string, unknown> = {}): Promise<unknown> {
  return api('PUT', `${nodePath(ident)}/states/provision`, { target, ...args });
}

export function setPowerState(ident: string, target: 'power on' | 'power off' | 'rebooting'): Promise<unknown> {
  return api('PUT', `${nodePath(ident)}/states/power`, { target });
}

export function setMaintenance(ident: string, on: boolean, reason?: string): Promise<unknown> {
  return on ? api('PUT', `${nodePath(ident)}/maintenance`, reason ? { reason } : {}) : api('DELETE', `${nodePath(ident)}/maintenance`);
}

export function setConsole(ident: string, enabled: boolean): Promise<unknown> {
  return api('PUT', `${nodePath(ident)}/states/console`, { enabled });
}

export function setTargetRaid(ident: string, config: Record<string, unknown>): Promise<unknown> {
  return api('PUT', `${nodePath(ident)}/states/raid`, config);
}

export function patchNode(ident: string, ops: { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown }[]): Promise<unknown> {
  return api('PATCH', nodePath(ident), ops);
}

export function getFirmware<T>(ident: string): Promise<T> {
  return api<T>('GET', `${nodePath(ident)}/firmware`, undefined, TYR_EXTENSIONS);
}
