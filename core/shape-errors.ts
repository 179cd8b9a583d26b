// protocol/ throws ShapeError because it may not import this tree's errors; these turn it into
// the error of the side that caught it. Anything else passes through untouched.
import { ShapeError } from '../protocol/shape-error.js';
import { HardwareError, InvalidParameterValue } from './errors.js';

/** A request the caller can fix: a 400 whose message starts with `at`, when given. */
export function asBadRequest<T>(check: () => T, at = ''): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof ShapeError) throw new InvalidParameterValue(at ? `${at}: ${err.message}` : err.message);
    throw err;
  }
}

/** A malformed answer from hardware (the agent): the step fails and last_error names `what`. */
export function asHardwareError<T>(parse: () => T, what: string): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof ShapeError) throw new HardwareError(`${what} returned a malformed result: ${err.message}`);
    throw err;
  }
}
