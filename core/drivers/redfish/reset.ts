// ComputerSystem.Reset with the ResetTypes the BMC advertises: in ResetType@Redfish.AllowableValues,
// or in the @Redfish.ActionInfo resource. A BMC that advertises neither is assumed to take the
// schema's values.
import type { JsonObject } from '../../db/types.js';
import { HardwareError } from '../../errors.js';
import type { RedfishSystem } from './connection.js';

const RESET_ACTION = '#ComputerSystem.Reset';

export type ResetType = 'On' | 'ForceOn' | 'ForceOff' | 'GracefulShutdown' | 'ForceRestart' | 'GracefulRestart' | 'PowerCycle' | 'Nmi';

const asStrings = (v: unknown): string[] | null => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null);

function resetAction(sys: RedfishSystem): JsonObject {
  const action = (sys.system.Actions as Record<string, JsonObject | undefined> | undefined)?.[RESET_ACTION];
  if (!action)
    throw new HardwareError(`The Redfish system ${sys.systemPath} has no ${RESET_ACTION} action; it cannot be powered on or off.`);
  return action;
}

/** The ResetTypes the BMC accepts, or null when it does not say. */
export async function allowedResetTypes(sys: RedfishSystem): Promise<string[] | null> {
  const action = resetAction(sys);
  const inline = asStrings(action['ResetType@Redfish.AllowableValues']);
  if (inline) return inline;
  const info = action['@Redfish.ActionInfo'];
  if (typeof info !== 'string') return null;
  const params = (await sys.conn.get(info)).Parameters;
  if (!Array.isArray(params)) return null;
  const reset = params.find((p) => (p as JsonObject | null)?.Name === 'ResetType') as JsonObject | undefined;
  return asStrings(reset?.AllowableValues);
}

/** The first of `preferred` the BMC accepts, or null. */
export function pickResetType(allowed: string[] | null, preferred: readonly ResetType[]): ResetType | null {
  if (!allowed) return preferred[0] ?? null;
  return preferred.find((t) => allowed.includes(t)) ?? null;
}

export async function reset(sys: RedfishSystem, type: ResetType): Promise<void> {
  const target = resetAction(sys).target;
  if (typeof target !== 'string') throw new HardwareError(`The Redfish system ${sys.systemPath} gives no target for ${RESET_ACTION}.`);
  await sys.conn.post(target, { ResetType: type });
}
