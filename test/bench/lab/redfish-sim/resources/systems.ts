// Systems and the ComputerSystem: power state, Reset (advertised through ResetActionInfo), the
// boot source override, the indicator LED and the inventory summaries.
import { objectBody, oneOf, onlyProperties } from '../body.js';
import type { SimContext } from '../context.js';
import { fail } from '../errors.js';
import { ENABLED, collection, link, noContent, ok, resource } from '../odata.js';
import type { Route, SimRequest } from '../router.js';
import { BOOT_ENABLED, BOOT_MODES, BOOT_TARGETS, RESET_TYPES } from '../types.js';

const INDICATOR_LED = ['Lit', 'Blinking', 'Off'] as const;

async function systemBody(ctx: SimContext) {
  const { spec, state } = ctx.machine;
  const path = ctx.systemPath;
  const powerState = await ctx.machine.power();
  return resource(path, '#ComputerSystem.v1_13_0.ComputerSystem', {
    Id: ctx.systemId,
    Name: 'Tyr lab system',
    SystemType: 'Physical',
    Manufacturer: spec.manufacturer,
    Model: spec.model,
    SerialNumber: spec.serialNumber,
    UUID: spec.uuid,
    HostName: `lab-${spec.serialNumber.toLowerCase()}`,
    PowerState: powerState,
    IndicatorLED: state.indicatorLed,
    LocationIndicatorActive: state.locationIndicatorActive,
    Status: ENABLED,
    BiosVersion: state.firmware.BIOS,
    Boot: {
      BootSourceOverrideTarget: state.bootOverride.target,
      BootSourceOverrideEnabled: state.bootOverride.enabled,
      BootSourceOverrideMode: state.bootOverride.mode,
      'BootSourceOverrideTarget@Redfish.AllowableValues': [...BOOT_TARGETS],
      'BootSourceOverrideMode@Redfish.AllowableValues': [...BOOT_MODES],
    },
    ProcessorSummary: {
      Count: spec.cpus,
      Model: spec.cpuModel,
      LogicalProcessorCount: spec.cpus * spec.coresPerCpu,
      Status: ENABLED,
    },
    MemorySummary: { TotalSystemMemoryGiB: spec.memoryMb / 1024, Status: ENABLED },
    Processors: link(`${path}/Processors`),
    Memory: link(`${path}/Memory`),
    EthernetInterfaces: link(`${path}/EthernetInterfaces`),
    SimpleStorage: link(`${path}/SimpleStorage`),
    Storage: link(`${path}/Storage`),
    Bios: link(`${path}/Bios`),
    SecureBoot: link(`${path}/SecureBoot`),
    Links: { Chassis: [link('/redfish/v1/Chassis/1')], ManagedBy: [link('/redfish/v1/Managers/1')] },
    Actions: {
      '#ComputerSystem.Reset': {
        target: `${path}/Actions/ComputerSystem.Reset`,
        '@Redfish.ActionInfo': `${path}/ResetActionInfo`,
      },
    },
  });
}

function patchSystem(ctx: SimContext, req: SimRequest) {
  const body = objectBody(req);
  onlyProperties(body, ['Boot', 'IndicatorLED', 'LocationIndicatorActive'], req.path);
  const { state } = ctx.machine;
  if (body.Boot !== undefined) {
    if (typeof body.Boot !== 'object' || body.Boot === null) fail(400, 'PropertyValueTypeError', 'Boot must be an object.');
    const boot = body.Boot as Record<string, unknown>;
    onlyProperties(boot, ['BootSourceOverrideTarget', 'BootSourceOverrideEnabled', 'BootSourceOverrideMode'], `${req.path} Boot`);
    // Validate everything before changing anything: a rejected PATCH leaves the resource as it was.
    const target =
      boot.BootSourceOverrideTarget === undefined
        ? undefined
        : oneOf(boot.BootSourceOverrideTarget, BOOT_TARGETS, 'Boot.BootSourceOverrideTarget');
    const enabled =
      boot.BootSourceOverrideEnabled === undefined
        ? undefined
        : oneOf(boot.BootSourceOverrideEnabled, BOOT_ENABLED, 'Boot.BootSourceOverrideEnabled');
    const mode =
      boot.BootSourceOverrideMode === undefined ? undefined : oneOf(boot.BootSourceOverrideMode, BOOT_MODES, 'Boot.BootSourceOverrideMode');
    if (target) state.bootOverride.target = target;
    if (enabled) state.bootOverride.enabled = enabled;
    if (mode) state.bootOverride.mode = mode;
  }
  if (body.IndicatorLED !== undefined) state.indicatorLed = oneOf(body.IndicatorLED, INDICATOR_LED, 'IndicatorLED');
  if (body.LocationIndicatorActive !== undefined) {
    if (typeof body.LocationIndicatorActive !== 'boolean')
      fail(400, 'PropertyValueTypeError', 'LocationIndicatorActive must be true or false.');
    state.locationIndicatorActive = body.LocationIndicatorActive;
  }
  return noContent();
}

async function resetSystem(ctx: SimContext, req: SimRequest) {
  const resetType = oneOf(objectBody(req).ResetType, RESET_TYPES, 'ResetType');
  try {
    await ctx.machine.reset(resetType);
  } catch (err) {
    fail(500, 'GeneralError', `Reset ${resetType} failed on the machine: ${err instanceof Error ? err.message : String(err)}`);
  }
  return noContent();
}

export function systemRoutes(ctx: SimContext): Route[] {
  const path = ctx.systemPath;
  return [
    {
      path: '/redfish/v1/Systems',
      handlers: {
        GET: () => ok(collection('/redfish/v1/Systems', '#ComputerSystemCollection.ComputerSystemCollection', 'Computer Systems', [path])),
      },
    },
    { path, handlers: { GET: async () => ok(await systemBody(ctx)), PATCH: (req) => patchSystem(ctx, req) } },
    { path: `${path}/Actions/ComputerSystem.Reset`, handlers: { POST: (req) => resetSystem(ctx, req) } },
    {
      path: `${path}/ResetActionInfo`,
      handlers: {
        GET: () =>
          ok(
            resource(`${path}/ResetActionInfo`, '#ActionInfo.v1_1_2.ActionInfo', {
              Id: 'ResetActionInfo',
              Name: 'Reset Action Info',
              Parameters: [{ Name: 'ResetType', Required: true, DataType: 'String', AllowableValues: [...RESET_TYPES] }],
            }),
          ),
      },
    },
  ];
}
