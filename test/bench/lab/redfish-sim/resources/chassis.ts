// Chassis/1, with Thermal and Power readings (fixed lab values; fans stop when the system is off).
import type { SimContext } from '../context.js';
import { ENABLED, collection, link, ok, resource } from '../odata.js';
import type { Route } from '../router.js';

const CHASSIS = '/redfish/v1/Chassis/1';

export function chassisRoutes(ctx: SimContext): Route[] {
  const on = () => ctx.machine.state.powerState === 'On';
  return [
    {
      path: '/redfish/v1/Chassis',
      handlers: { GET: () => ok(collection('/redfish/v1/Chassis', '#ChassisCollection.ChassisCollection', 'Chassis', [CHASSIS])) },
    },
    {
      path: CHASSIS,
      handlers: {
        GET: async () =>
          ok(
            resource(CHASSIS, '#Chassis.v1_14_0.Chassis', {
              Id: '1',
              Name: 'Tyr lab chassis',
              ChassisType: 'RackMount',
              Manufacturer: ctx.machine.spec.manufacturer,
              Model: ctx.machine.spec.model,
              SerialNumber: ctx.machine.spec.serialNumber,
              PowerState: await ctx.machine.power(),
              IndicatorLED: ctx.machine.state.indicatorLed,
              Status: ENABLED,
              Thermal: link(`${CHASSIS}/Thermal`),
              Power: link(`${CHASSIS}/Power`),
              Links: { ComputerSystems: [link(ctx.systemPath)], ManagedBy: [link('/redfish/v1/Managers/1')] },
            }),
          ),
      },
    },
    {
      path: `${CHASSIS}/Thermal`,
      handlers: {
        GET: () =>
          ok(
            resource(`${CHASSIS}/Thermal`, '#Thermal.v1_7_0.Thermal', {
              Id: 'Thermal',
              Name: 'Thermal',
              Temperatures: [
                {
                  '@odata.id': `${CHASSIS}/Thermal#/Temperatures/0`,
                  MemberId: '0',
                  Name: 'CPU1 Temp',
                  ReadingCelsius: on() ? 48 : 22,
                  UpperThresholdCritical: 95,
                  PhysicalContext: 'CPU',
                  Status: ENABLED,
                },
                {
                  '@odata.id': `${CHASSIS}/Thermal#/Temperatures/1`,
                  MemberId: '1',
                  Name: 'Inlet Temp',
                  ReadingCelsius: 21,
                  UpperThresholdCritical: 45,
                  PhysicalContext: 'Intake',
                  Status: ENABLED,
                },
              ],
              Fans: [
                {
                  '@odata.id': `${CHASSIS}/Thermal#/Fans/0`,
                  MemberId: '0',
                  Name: 'Fan1',
                  Reading: on() ? 5200 : 0,
                  ReadingUnits: 'RPM',
                  PhysicalContext: 'SystemBoard',
                  Status: ENABLED,
                },
              ],
            }),
          ),
      },
    },
    {
      path: `${CHASSIS}/Power`,
      handlers: {
        GET: () =>
          ok(
            resource(`${CHASSIS}/Power`, '#Power.v1_6_0.Power', {
              Id: 'Power',
              Name: 'Power',
              PowerControl: [
                {
                  '@odata.id': `${CHASSIS}/Power#/PowerControl/0`,
                  MemberId: '0',
                  Name: 'System Power',
                  PowerConsumedWatts: on() ? 180 : 8,
                  PowerCapacityWatts: 750,
                },
              ],
              Voltages: [
                {
                  '@odata.id': `${CHASSIS}/Power#/Voltages/0`,
                  MemberId: '0',
                  Name: '12V',
                  ReadingVolts: 12.1,
                  PhysicalContext: 'SystemBoard',
                  Status: ENABLED,
                },
              ],
              PowerSupplies: [
                {
                  '@odata.id': `${CHASSIS}/Power#/PowerSupplies/0`,
                  MemberId: '0',
                  Name: 'PSU1',
                  PowerCapacityWatts: 750,
                  Status: ENABLED,
                },
              ],
            }),
          ),
      },
    },
  ];
}
