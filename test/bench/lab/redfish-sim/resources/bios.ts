// Bios: current Attributes, and @Redfish.Settings → Bios/Settings, where a PATCH stores pending
// values (checked against the attribute registry) that the machine applies at its next power-on
// or restart (SupportedApplyTimes: OnReset). ResetBios makes the defaults pending.
import { objectBody } from '../body.js';
import { BIOS_REGISTRY_ID, biosValueProblem, defaultBiosAttributes } from '../bios-registry.js';
import type { SimContext } from '../context.js';
import { fail } from '../errors.js';
import { link, noContent, ok, resource } from '../odata.js';
import type { Route, SimRequest } from '../router.js';

const APPLY_TIMES = ['OnReset'];

export function biosRoutes(ctx: SimContext): Route[] {
  const path = `${ctx.systemPath}/Bios`;
  const settingsPath = `${path}/Settings`;
  // Read through the state each time: tests may replace sim.state.bios.
  const bios = () => ctx.machine.state.bios;

  function patchSettings(req: SimRequest) {
    const body = objectBody(req);
    const applyTime = (body['@Redfish.SettingsApplyTime'] as { ApplyTime?: unknown } | undefined)?.ApplyTime;
    if (applyTime !== undefined && (typeof applyTime !== 'string' || !APPLY_TIMES.includes(applyTime))) {
      fail(
        400,
        'PropertyValueNotInList',
        `ApplyTime ${JSON.stringify(applyTime)} is not supported; this BIOS applies settings ${APPLY_TIMES.join(', ')}.`,
      );
    }
    const attributes = body.Attributes;
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
      return fail(400, 'PropertyMissing', 'A Bios/Settings PATCH needs "Attributes": {name: value, ...}.');
    }
    const entries = Object.entries(attributes as Record<string, unknown>);
    // All or nothing: one bad attribute rejects the whole PATCH, naming it.
    for (const [name, value] of entries) {
      const problem = biosValueProblem(name, value);
      if (problem) fail(400, problem.messageId, problem.message);
    }
    for (const [name, value] of entries) bios().pending[name] = value as string | number | boolean;
    return noContent();
  }

  return [
    {
      path,
      handlers: {
        GET: () =>
          ok(
            resource(path, '#Bios.v1_1_0.Bios', {
              Id: 'BIOS',
              Name: 'BIOS Configuration Current Settings',
              AttributeRegistry: BIOS_REGISTRY_ID,
              Attributes: { ...bios().attributes },
              '@Redfish.Settings': {
                '@odata.type': '#Settings.v1_3_0.Settings',
                SettingsObject: link(settingsPath),
                SupportedApplyTimes: APPLY_TIMES,
              },
              Actions: { '#Bios.ResetBios': { target: `${path}/Actions/Bios.ResetBios` } },
            }),
          ),
      },
    },
    {
      path: settingsPath,
      handlers: {
        GET: () =>
          ok(
            resource(settingsPath, '#Bios.v1_1_0.Bios', {
              Id: 'Settings',
              Name: 'BIOS Configuration Pending Settings',
              AttributeRegistry: BIOS_REGISTRY_ID,
              Attributes: { ...bios().pending },
              '@Redfish.SettingsApplyTime': {
                '@odata.type': '#Settings.v1_3_0.PreferredApplyTime',
                ApplyTime: 'OnReset',
                'ApplyTime@Redfish.AllowableValues': APPLY_TIMES,
              },
            }),
          ),
        PATCH: patchSettings,
      },
    },
    {
      path: `${path}/Actions/Bios.ResetBios`,
      handlers: {
        POST: () => {
          bios().pending = defaultBiosAttributes();
          return noContent();
        },
      },
    },
  ];
}
