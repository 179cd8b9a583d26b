// Vendor passthru of nodes and drivers, as Ironic serves it: GET .../vendor_passthru/methods lists
// the methods with their metadata; any of GET/POST/PUT/PATCH/DELETE on .../vendor_passthru?method=X
// (or .../vendor_passthru/X, which python-ironicclient uses) calls one with the JSON body as its
// arguments. Synchronous methods answer 200 with their result, asynchronous ones 202.
import { Router, type Request, type Response } from 'express';
import type { PassthruResult } from '../conductor/conductor-api.js';
import { PASSTHRU_HTTP_METHODS, type PassthruArgs, type PassthruHttpMethod } from '../drivers/interfaces/vendor.js';
import { InvalidParameterValue } from '../errors.js';
import type { ApiDeps } from './deps.js';
import { findDriver } from './drivers.js';
import { findNode } from './nodes/node-lookup.js';
import { queryString } from './query.js';

function methodOf(req: Request): string {
  const method = (req.params.method as string | undefined) ?? queryString(req, 'method');
  if (!method)
    throw new InvalidParameterValue(
      'Method not specified: name the vendor passthru method as ?method=<name>; GET .../vendor_passthru/methods lists them.',
    );
  return method;
}

function argsOf(req: Request): PassthruArgs {
  const body: unknown = req.body;
  if (body === undefined || body === null || (typeof body === 'string' && body === '')) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidParameterValue('The arguments of a vendor passthru call must be a JSON object, e.g. {"raw_bytes": "0x00 0x01"}.');
  }
  return body as PassthruArgs;
}

function send(res: Response, result: PassthruResult): void {
  if (result.async) {
    res.status(202).end();
  } else if (result.attach) {
    const raw = typeof result.return === 'string' || Buffer.isBuffer(result.return) ? result.return : JSON.stringify(result.return);
    res.status(200).type('application/octet-stream').send(raw);
  } else {
    res.status(200).json(result.return ?? null);
  }
}

/** Registers the methods list and the call routes under `base` ("/v1/nodes/:ident"). */
function passthruRoutes(
  router: Router,
  base: string,
  list: (req: Request) => Promise<unknown>,
  call: (req: Request, method: string, http: PassthruHttpMethod, args: PassthruArgs) => Promise<PassthruResult>,
): void {
  router.get(`${base}/vendor_passthru/methods`, async (req, res) => {
    res.json(await list(req));
  });
  for (const http of PASSTHRU_HTTP_METHODS) {
    const verb = http.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    for (const path of [`${base}/vendor_passthru`, `${base}/vendor_passthru/:method`]) {
      router[verb](path, async (req, res) => {
        send(res, await call(req, methodOf(req), http, argsOf(req)));
      });
    }
  }
}

export function vendorPassthruRouter({ store, conductor }: ApiDeps): Router {
  const router = Router();
  const nodeUuid = async (req: Request) => (await findNode(req, store, String(req.params.ident))).uuid;
  passthruRoutes(
    router,
    '/v1/nodes/:ident',
    async (req) => conductor.vendorMethods(await nodeUuid(req)),
    async (req, method, http, args) => conductor.vendorPassthru(await nodeUuid(req), method, http, args),
  );
  const driver = async (req: Request) => (await findDriver(conductor, String(req.params.driver))).name;
  passthruRoutes(
    router,
    '/v1/drivers/:driver',
    async (req) => conductor.driverVendorMethods(await driver(req)),
    async (req, method, http, args) => conductor.driverVendorPassthru(await driver(req), method, http, args),
  );
  return router;
}
