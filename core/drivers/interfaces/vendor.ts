import type { NodeContext } from './task.js';

/** Vendor passthru: named methods a hardware type adds beyond the standard interfaces. */
export interface VendorInterface {
  readonly properties: Record<string, { description: string; required: boolean }>;
  validate(ctx: NodeContext): Promise<void>;
  /** Method name → HTTP methods and whether it runs asynchronously. */
  routes(): Record<string, { http_methods: string[]; async: boolean; description: string }>;
  call(ctx: NodeContext, method: string, args: Record<string, unknown>): Promise<unknown>;
}
