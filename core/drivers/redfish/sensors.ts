// Sensor readings in Ironic's get_sensors_data shape, from every Chassis the system links
// (Thermal: Temperatures and Fans; Power: PowerSupplies) and from the system's Storage drives.
// A resource the BMC does not offer, or fails to serve, leaves its sensor types out (Ironic does
// the same): partial readings are more useful to a metrics consumer than none.
import type { JsonObject } from '../../db/types.js';
import { HardwareError } from '../../errors.js';
import type { SensorReading, SensorsData } from '../interfaces/management.js';
import type { NodeContext } from '../interfaces/task.js';
import type { RedfishConnection, RedfishSystem } from './connection.js';
import { linkAt, list, memberPaths, obj, str } from './resource-fields.js';
import { readStorage } from './storage-read.js';

type SensorType = keyof SensorsData;

/** Which Ironic field each Redfish property becomes, per kind of member. */
const FIELDS = {
  Temperature: {
    ReadingCelsius: 'reading_celsius',
    MaxReadingRangeTemp: 'max_reading_range_temp',
    MinReadingRangeTemp: 'min_reading_range_temp',
    PhysicalContext: 'physical_context',
    SensorNumber: 'sensor_number',
  },
  Fan: {
    Reading: 'reading',
    ReadingUnits: 'reading_units',
    MaxReadingRange: 'max_reading_range',
    MinReadingRange: 'min_reading_range',
    PhysicalContext: 'physical_context',
    SerialNumber: 'serial_number',
  },
  Power: {
    PowerCapacityWatts: 'power_capacity_watts',
    LastPowerOutputWatts: 'last_power_output_watts',
    LineInputVoltage: 'line_input_voltage',
    SerialNumber: 'serial_number',
  },
  Drive: {
    Model: 'model',
    CapacityBytes: 'capacity_bytes',
    FailurePredicted: 'failure_predicted',
  },
} as const satisfies Record<SensorType, Record<string, string>>;

function scalar(v: unknown): string | number | boolean | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return typeof v === 'boolean' ? v : null;
}

/** A member's identity as sushy gives it: MemberId for array members, Id for resources. */
function identityOf(member: JsonObject, index: number): string {
  return str(member, 'MemberId') ?? str(member, 'Id') ?? String(index);
}

/** One member's reading: identity, name, the mapped fields, and its Status as state/health. */
export function sensorReading(type: SensorType, member: JsonObject, identity: string): SensorReading {
  const reading: SensorReading = { identity, name: str(member, 'Name') ?? str(member, 'FanName') };
  for (const [from, to] of Object.entries(FIELDS[type])) reading[to] = scalar(member[from]);
  const status = obj(member, 'Status');
  reading.state = str(status, 'State');
  reading.health = str(status, 'Health');
  return reading;
}

/** The members of `resource[key]`, each keyed "<identity><suffix>". */
function readingsOf(type: SensorType, resource: JsonObject, key: string, suffix: string): Record<string, SensorReading> {
  const out: Record<string, SensorReading> = {};
  list(resource, key).forEach((raw, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
    const identity = identityOf(raw as JsonObject, i);
    out[`${identity}${suffix}`] = sensorReading(type, raw as JsonObject, identity);
  });
  return out;
}

/** Sensors of one Chassis given its Thermal and Power resources (either may be missing). */
export function chassisSensors(chassisId: string, thermal: JsonObject | null, power: JsonObject | null): SensorsData {
  const data: SensorsData = {};
  if (thermal) {
    data.Temperature = readingsOf('Temperature', thermal, 'Temperatures', `@${chassisId}`);
    data.Fan = readingsOf('Fan', thermal, 'Fans', `@${chassisId}`);
  }
  if (power) data.Power = readingsOf('Power', power, 'PowerSupplies', `:${str(power, 'Id') ?? 'Power'}@${chassisId}`);
  return data;
}

function merge(into: SensorsData, more: SensorsData): void {
  for (const [type, sensors] of Object.entries(more) as [SensorType, Record<string, SensorReading>][]) {
    into[type] = { ...into[type], ...sensors };
  }
}

/** GET `path`, or null (logged) when the BMC cannot serve it: that kind of sensor is then left out. */
async function readOptional(ctx: NodeContext, conn: RedfishConnection, path: string | null): Promise<JsonObject | null> {
  if (!path) return null;
  try {
    return await conn.get(path);
  } catch (err) {
    if (!(err instanceof HardwareError)) throw err;
    ctx.log.warn({ path, err: err.message }, 'the BMC did not serve a sensor resource; its sensors are left out');
    return null;
  }
}

export async function readSensors(ctx: NodeContext, sys: RedfishSystem): Promise<SensorsData> {
  const data: SensorsData = {};
  for (const chassisPath of memberPaths(obj(sys.system, 'Links'), 'Chassis')) {
    const chassis = await readOptional(ctx, sys.conn, chassisPath);
    if (!chassis) continue;
    const id = str(chassis, 'Id') ?? chassisPath.split('/').pop()!;
    const thermal = await readOptional(ctx, sys.conn, linkAt(chassis, 'Thermal'));
    const power = await readOptional(ctx, sys.conn, linkAt(chassis, 'Power'));
    merge(data, chassisSensors(id, thermal, power));
  }
  merge(data, await driveSensors(ctx, sys));
  return data;
}

async function driveSensors(ctx: NodeContext, sys: RedfishSystem): Promise<SensorsData> {
  let storages;
  try {
    storages = await readStorage(sys.conn, sys.system);
  } catch (err) {
    if (!(err instanceof HardwareError)) throw err;
    ctx.log.warn({ err: err.message }, 'the BMC did not serve the system storage; drive sensors are left out');
    return {};
  }
  if (storages.length === 0) return {};
  const systemId = str(sys.system, 'Id') ?? sys.systemPath.split('/').pop()!;
  const drives: Record<string, SensorReading> = {};
  for (const { storage, drives: members } of storages) {
    const storageId = str(storage, 'Id') ?? 'Storage';
    members.forEach((drive, i) => {
      const identity = identityOf(drive, i);
      drives[`${identity}:${storageId}@${systemId}`] = sensorReading('Drive', drive, identity);
    });
  }
  return { Drive: drives };
}
