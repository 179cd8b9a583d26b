// What every validator and parser in protocol/ throws when a value has the wrong shape. protocol/
// cannot import core/errors.ts (the agent bundles this folder), so each side turns it into its own
// error: the API into a 400, the conductor into a HardwareError that fails the node.
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

/** A plain JSON object (not null, not a list), or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
