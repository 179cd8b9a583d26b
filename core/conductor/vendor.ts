// Vendor passthru, as Ironic's conductor runs it: the method must be one the node's (or the
// driver's default) vendor interface lists, for that HTTP verb; its arguments are validated
// before the API answers; synchronous methods return their result, asynchronous ones run in the
// background (202) and record a failure in the node's history.
import type { DriverRegistry } from '../drivers/registry.js';
import type { PassthruArgs, PassthruHttpMethod, PassthruMethod, VendorInterface } from '../drivers/interfaces/vendor.js';
import type { Config } from '../config.js';
import { InvalidParameterValue, UnsupportedDriverExtension } from '../errors.js';
import type { ConductorContext } from './context.js';
import { startInBackground } from './flows/background.js';

export interface PassthruResult {
  return: unknown;
  async: boolean;
  attach: boolean;
}

/** The route of `method`, or a 400 that lists what `where` offers. */
function routeOf(routes: Record<string, PassthruMethod>, method: string, httpMethod: PassthruHttpMethod, where: string): PassthruMethod {
  const route = Object.hasOwn(routes, method) ? routes[method] : undefined;
  if (!route) {
    const names = Object.keys(routes);
    throw new InvalidParameterValue(
      `No vendor passthru method "${method}" for ${where}. ${names.length ? `Valid methods: ${names.join(', ')}.` : 'It has none.'}`,
    );
  }
  if (!route.http_methods.includes(httpMethod)) {
    throw new InvalidParameterValue(
      `The vendor passthru method "${method}" of ${where} does not support HTTP ${httpMethod}; use ${route.http_methods.join(' or ')}.`,
    );
  }
  return route;
}

export async function vendorMethods(c: ConductorContext, uuid: string): Promise<Record<string, PassthruMethod>> {
  const task = await c.tasks.shared(uuid);
  return task.ifaces.vendor.routes();
}

export async function vendorPassthru(
  c: ConductorContext,
  uuid: string,
  method: string,
  httpMethod: PassthruHttpMethod,
  args: PassthruArgs,
): Promise<PassthruResult> {
  const view = await c.tasks.shared(uuid);
  const where = `node ${view.node.uuid} (vendor_interface ${view.node.vendor_interface})`;
  const route = routeOf(view.ifaces.vendor.routes(), method, httpMethod, where);
  const task = route.require_exclusive_lock ? await c.tasks.exclusive(uuid) : view;
  const vendor = task.ifaces.vendor;
  if (!route.async) {
    try {
      await vendor.validate(task.ctx, method, args);
      return { return: await vendor.call(task.ctx, method, args, httpMethod), async: false, attach: route.attach };
    } finally {
      await task.release();
    }
  }
  await startInBackground(
    c.pool,
    task,
    () => vendor.validate(task.ctx, method, args),
    async () => {
      await vendor.call(task.ctx, method, args, httpMethod);
      await task.history(`Vendor passthru method ${method} finished`, 'info', 'vendor');
    },
    (message) => task.history(`Vendor passthru method ${method} failed: ${message}`, 'error', 'vendor'),
  );
  return { return: null, async: true, attach: route.attach };
}

/** The vendor interface a driver's passthru uses: its hardware type's default one. */
function driverVendor(registry: DriverRegistry, driver: string): VendorInterface {
  const name = registry.hardwareType(driver).interfaces.vendor[0]!;
  return registry.implementation('vendor', name);
}

export function driverVendorMethods(registry: DriverRegistry, driver: string): Record<string, PassthruMethod> {
  return driverVendor(registry, driver).driverRoutes?.() ?? {};
}

/**
 * Driver methods act on no node, so any process with the registry runs them; asynchronous ones
 * are started and not awaited (their failure is only logged, there is no node to record it on).
 */
export async function driverVendorPassthru(
  registry: DriverRegistry,
  config: Config,
  log: ConductorContext['log'],
  driver: string,
  method: string,
  httpMethod: PassthruHttpMethod,
  args: PassthruArgs,
): Promise<PassthruResult> {
  const vendor = driverVendor(registry, driver);
  const route = routeOf(vendor.driverRoutes?.() ?? {}, method, httpMethod, `driver ${driver}`);
  if (!vendor.driverCall) throw new UnsupportedDriverExtension(`Driver ${driver} has no driver vendor passthru.`);
  const call = vendor.driverCall.bind(vendor);
  if (!route.async) return { return: await call(config, method, args, httpMethod), async: false, attach: route.attach };
  call(config, method, args, httpMethod).catch((err: Error) =>
    log.error({ driver, method, err: err.message }, 'driver vendor passthru method failed'),
  );
  return { return: null, async: true, attach: route.attach };
}
