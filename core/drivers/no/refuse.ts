// What every `no` implementation does: refuse, naming the interface kind and how to get one.
import { UnsupportedDriverExtension } from '../../errors.js';
import type { NodeContext } from '../interfaces/task.js';

export const NO_PROPERTIES = Object.freeze({}) as Record<string, { description: string; required: boolean }>;

export function refuse(kind: string, ctx?: NodeContext): never {
  const node = ctx ? `Node ${ctx.node.uuid} (driver ${ctx.node.driver})` : 'This node';
  throw new UnsupportedDriverExtension(
    `${node} has no ${kind} support: its ${kind}_interface is "no". Set ${kind}_interface to an implementation its hardware type supports (see GET /v1/drivers/${ctx?.node.driver ?? '<driver>'}).`,
  );
}

/** Base of the `no` classes: validate() refuses too, so /validate reports the kind as unsupported. */
export abstract class NoInterface {
  readonly properties = NO_PROPERTIES;
  protected abstract readonly kind: string;
  async validate(ctx: NodeContext): Promise<void> {
    refuse(this.kind, ctx);
  }
  protected refuse(ctx?: NodeContext): never {
    return refuse(this.kind, ctx);
  }
}
