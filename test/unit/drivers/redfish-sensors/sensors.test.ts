// Ironic's sensor data shape from Thermal and Power resources shaped as the DMTF schemas
// (Thermal.v1_7_0, Power.v1_6_0), including members with missing or oddly typed fields.
import { expect } from 'chai';
import type { Config } from '../../../../core/config.js';
import type { JsonObject, Node } from '../../../../core/db/types.js';
import type { RedfishConnection, RedfishSystem } from '../../../../core/drivers/redfish/connection.js';
import { quirksFor } from '../../../../core/drivers/redfish/quirks/index.js';
import { chassisSensors, readSensors, sensorReading } from '../../../../core/drivers/redfish/sensors.js';
import { HardwareError } from '../../../../core/errors.js';
import { captureLogger } from '../../../helpers/capture-log.js';

const THERMAL = {
  '@odata.type': '#Thermal.v1_7_0.Thermal',
  Id: 'Thermal',
  Temperatures: [
    {
      '@odata.id': '/redfish/v1/Chassis/1U/Thermal#/Temperatures/0',
      MemberId: '0',
      Name: 'CPU1 Temp',
      SensorNumber: 5,
      ReadingCelsius: 41,
      MinReadingRangeTemp: 0,
      MaxReadingRangeTemp: 120,
      UpperThresholdCritical: 95,
      PhysicalContext: 'CPU',
      Status: { State: 'Enabled', Health: 'OK' },
    },
    { MemberId: 'inlet', Name: 'Inlet', ReadingCelsius: null, Status: { State: 'Absent' } },
  ],
  Fans: [
    {
      MemberId: '0',
      Name: 'BaseBoard System Fan',
      Reading: 2100,
      ReadingUnits: 'RPM',
      MinReadingRange: 0,
      MaxReadingRange: 5000,
      PhysicalContext: 'Backplane',
      Status: { State: 'Enabled', Health: 'Warning' },
    },
    // Thermal before v1_1 named fans FanName and had no MemberId.
    { FanName: 'Fan 2', Reading: '1800' },
  ],
};

const POWER = {
  '@odata.type': '#Power.v1_6_0.Power',
  Id: 'Power',
  PowerSupplies: [
    {
      MemberId: '0',
      Name: 'Power Supply Bay 1',
      PowerCapacityWatts: 800,
      LastPowerOutputWatts: 325,
      LineInputVoltage: 120,
      SerialNumber: 'PSU-0001',
      Status: { State: 'Enabled', Health: 'OK' },
    },
  ],
};

describe('redfish sensor data', () => {
  it('maps temperatures, fans and power supplies to "<member>@<chassis>" sensors', () => {
    const data = chassisSensors('1U', THERMAL, POWER);
    expect(data.Temperature).to.deep.equal({
      '0@1U': {
        identity: '0',
        name: 'CPU1 Temp',
        reading_celsius: 41,
        max_reading_range_temp: 120,
        min_reading_range_temp: 0,
        physical_context: 'CPU',
        sensor_number: 5,
        state: 'Enabled',
        health: 'OK',
      },
      'inlet@1U': {
        identity: 'inlet',
        name: 'Inlet',
        reading_celsius: null,
        max_reading_range_temp: null,
        min_reading_range_temp: null,
        physical_context: null,
        sensor_number: null,
        state: 'Absent',
        health: null,
      },
    });
    expect(data.Fan!['0@1U']).to.deep.equal({
      identity: '0',
      name: 'BaseBoard System Fan',
      reading: 2100,
      reading_units: 'RPM',
      max_reading_range: 5000,
      min_reading_range: 0,
      physical_context: 'Backplane',
      serial_number: null,
      state: 'Enabled',
      health: 'Warning',
    });
    // No MemberId: the member's index stands in, as the sensor still needs a stable key.
    expect(data.Fan!['1@1U']).to.include({ identity: '1', name: 'Fan 2', reading: '1800' });
    expect(data.Power).to.deep.equal({
      '0:Power@1U': {
        identity: '0',
        name: 'Power Supply Bay 1',
        power_capacity_watts: 800,
        last_power_output_watts: 325,
        line_input_voltage: 120,
        serial_number: 'PSU-0001',
        state: 'Enabled',
        health: 'OK',
      },
    });
  });

  it('leaves out the sensor types whose resource the chassis lacks', () => {
    expect(chassisSensors('1', null, POWER)).to.have.all.keys('Power');
    expect(chassisSensors('1', THERMAL, null)).to.have.all.keys('Temperature', 'Fan');
    expect(chassisSensors('1', null, null)).to.deep.equal({});
    expect(chassisSensors('1', { Id: 'Thermal', Temperatures: 'n/a' }, null)).to.deep.equal({ Temperature: {}, Fan: {} });
  });

  it('reads a drive with its failure prediction', () => {
    const drive = {
      Id: 'Disk.0',
      Name: 'SSD 0',
      Model: 'PM883',
      CapacityBytes: 960197124096,
      FailurePredicted: false,
      Status: { Health: 'OK' },
    };
    expect(sensorReading('Drive', drive, 'Disk.0')).to.deep.equal({
      identity: 'Disk.0',
      name: 'SSD 0',
      model: 'PM883',
      capacity_bytes: 960197124096,
      failure_predicted: false,
      state: null,
      health: 'OK',
    });
  });

  it('walks every linked chassis; a missing or failing resource leaves only its own types out', async () => {
    // Resources by path, answered as a BMC would (a HardwareError for what it cannot serve): the
    // walk itself is what is tested here; the simulator covers the real HTTP in sensors.test.ts.
    const resources: Record<string, JsonObject> = {
      '/redfish/v1/Chassis/A': { Id: 'A', Thermal: { '@odata.id': '/redfish/v1/Chassis/A/Thermal' } },
      '/redfish/v1/Chassis/A/Thermal': THERMAL,
      '/redfish/v1/Chassis/B': { Id: 'B', Power: { '@odata.id': '/redfish/v1/Chassis/B/Power' } },
    };
    const conn = {
      get: async (path: string) => {
        const found = resources[path];
        if (!found) throw new HardwareError(`GET ${path}: 404 ResourceNotFound`);
        return found;
      },
    } as unknown as RedfishConnection;
    const system = { Id: '1', Links: { Chassis: [{ '@odata.id': '/redfish/v1/Chassis/A' }, { '@odata.id': '/redfish/v1/Chassis/B' }] } };
    const sys: RedfishSystem = {
      conn,
      systemPath: '/redfish/v1/Systems/1',
      system,
      etag: null,
      vendor: 'generic',
      quirks: quirksFor('Tyr Lab'),
    };
    const { log, lines } = captureLogger();
    const ctx = { node: { uuid: 'n-1' } as Node, log, config: {} as Config };
    const data = await readSensors(ctx, sys);
    expect(data).to.have.all.keys('Temperature', 'Fan');
    expect(Object.keys(data.Temperature!)).to.deep.equal(['0@A', 'inlet@A']);
    expect(lines().some((l) => l.path === '/redfish/v1/Chassis/B/Power')).to.equal(true);
  });
});
