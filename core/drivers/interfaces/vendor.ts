import type { Config } from '../../config.js';
import type { NodeContext } from './task.js';

export type PassthruHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export const PASSTHRU_HTTP_METHODS: readonly PassthruHttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** A passthru method's metadata, exactly the keys Ironic lists under vendor_passthru/methods. */
export interface PassthruMethod {
  http_methods: PassthruHttpMethod[];
  /** true: the API answers 202 and the method runs in the background; false: 200 with its result. */
  async: boolean;
  description: string;
  /** true: the result is sent as the raw response body instead of JSON. */
  attach: boolean;
  /** false: the method only reads, and runs without the node lock. */
  require_exclusive_lock: boolean;
}

export type PassthruArgs = Record<string, unknown>;

/** Vendor passthru: named methods a hardware type adds beyond the standard interfaces. */
export interface VendorInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  /**
   * Without `method`: checks the node can use this interface (GET /validate). With it: also
   * checks that call's arguments, before the API answers (400 naming the argument).
   */
  validate(ctx: NodeContext, method?: string, args?: PassthruArgs): Promise<void>;
  /** Node methods (/v1/nodes/{node}/vendor_passthru). */
  routes(): Record<string, PassthruMethod>;
  call(ctx: NodeContext, method: string, args: PassthruArgs, httpMethod: PassthruHttpMethod): Promise<unknown>;
  /** Driver methods (/v1/drivers/{driver}/vendor_passthru), which act on no node. */
  driverRoutes?(): Record<string, PassthruMethod>;
  driverCall?(config: Config, method: string, args: PassthruArgs, httpMethod: PassthruHttpMethod): Promise<unknown>;
}

/** Metadata of a method with Ironic's defaults (asynchronous, exclusive lock, not attached). */
export function passthru(
  http_methods: PassthruHttpMethod[],
  description: string,
  opts: Partial<Omit<PassthruMethod, 'http_methods' | 'description'>> = {},
): PassthruMethod {
  return { http_methods, description, async: true, attach: false, require_exclusive_lock: true, ...opts };
}
