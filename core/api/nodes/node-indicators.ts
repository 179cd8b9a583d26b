// /v1/nodes/{node}/management/indicators (API 1.63): the node's LEDs, each named
// "<name>@<component>" as Ironic names them; GET one for its state, PUT {"state": ...} to set it.
import { Router, type Request } from 'express';
import { INDICATOR_STATES, type IndicatorState } from '../../drivers/interfaces/management.js';
import { InvalidParameterValue } from '../../errors.js';
import { parseBody } from '../body.js';
import type { ApiDeps } from '../deps.js';
import { links } from '../links.js';
import { requireEndpointVersion } from '../microversion.js';
import { queryString } from '../query.js';
import { findNode } from './node-lookup.js';

function splitIndicator(id: string): { name: string; component: string } {
  const at = id.lastIndexOf('@');
  if (at <= 0 || at === id.length - 1) {
    throw new InvalidParameterValue(
      `Malformed indicator "${id}": use <name>@<component>, as GET .../management/indicators lists them (e.g. led-0@system).`,
    );
  }
  return { name: id.slice(0, at), component: id.slice(at + 1) };
}

export function nodeIndicatorsRouter({ store, conductor }: ApiDeps): Router {
  const router = Router();
  const base = '/v1/nodes/:ident/management/indicators';
  const nodeUuid = async (req: Request) => {
    requireEndpointVersion(req, 63, 'The management/indicators endpoint');
    return (await findNode(req, store, String(req.params.ident))).uuid;
  };

  router.get(base, async (req, res) => {
    const uuid = await nodeUuid(req);
    const supported = await conductor.supportedIndicators(uuid);
    const indicators = Object.entries(supported).flatMap(([component, names]) =>
      Object.entries(names).map(([name, led]) => ({
        name: `${name}@${component}`,
        component,
        readonly: led.readonly,
        states: led.states,
        links: links(req, `nodes/${uuid}/management/indicators/${name}@${component}`),
      })),
    );
    res.json({ indicators });
  });

  router.get(`${base}/:indicator`, async (req, res) => {
    const uuid = await nodeUuid(req);
    const { name, component } = splitIndicator(req.params.indicator);
    res.json({ state: await conductor.getIndicatorState(uuid, component, name) });
  });

  router.put(`${base}/:indicator`, async (req, res) => {
    const uuid = await nodeUuid(req);
    const { name, component } = splitIndicator(req.params.indicator);
    const body =
      req.body === undefined ? {} : parseBody<{ state?: unknown }>(req.body, { state: { type: 'string' } }, 'an indicator change');
    const state = body.state ?? queryString(req, 'state');
    if (!INDICATOR_STATES.includes(state as IndicatorState)) {
      throw new InvalidParameterValue(
        `Invalid indicator state ${JSON.stringify(state)}: send {"state": one of ${INDICATOR_STATES.join(', ')}}.`,
      );
    }
    await conductor.setIndicatorState(uuid, component, name, state as IndicatorState);
    res.status(204).end();
  });

  return router;
}
