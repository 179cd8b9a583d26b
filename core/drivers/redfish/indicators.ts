// Indicator LEDs on a System or Chassis: LocationIndicatorActive (a boolean, Redfish 2020.3 on)
// when the resource has it, else the older IndicatorLED (Lit, Blinking, Off).
import type { JsonObject } from '../../db/types.js';
import type { IndicatorState } from '../interfaces/management.js';

const FROM_LED: Record<string, IndicatorState> = { Lit: 'ON', Blinking: 'BLINKING', Off: 'OFF' };
const TO_LED: Record<Exclude<IndicatorState, 'UNKNOWN'>, string> = { ON: 'Lit', BLINKING: 'Blinking', OFF: 'Off' };

export function readIndicator(resource: JsonObject): IndicatorState {
  const active = resource.LocationIndicatorActive;
  if (typeof active === 'boolean') return active ? 'ON' : 'OFF';
  return typeof resource.IndicatorLED === 'string' ? (FROM_LED[resource.IndicatorLED] ?? 'UNKNOWN') : 'UNKNOWN';
}

/** The PATCH body that shows `state`; a location indicator has no blinking of its own, so BLINKING lights it. */
export function writeIndicator(resource: JsonObject, state: Exclude<IndicatorState, 'UNKNOWN'>): JsonObject {
  if (typeof resource.LocationIndicatorActive === 'boolean' || !('IndicatorLED' in resource))
    return { LocationIndicatorActive: state !== 'OFF' };
  return { IndicatorLED: TO_LED[state] };
}
