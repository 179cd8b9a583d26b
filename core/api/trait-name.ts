// Ironic's rule for a trait name (node traits, allocation traits, deploy template names): a
// standard os-traits name, or CUSTOM_ followed by upper-case letters, digits and "_", at most
// 255 characters.
import { InvalidParameterValue } from '../errors.js';
import { STANDARD_TRAITS } from './standard-traits.js';

const CUSTOM_TRAIT = /^CUSTOM_[A-Z0-9_]+$/;

export function isValidTrait(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 255 && (STANDARD_TRAITS.has(value) || CUSTOM_TRAIT.test(value));
}

/** Throws a 400 starting with `what` ("Deploy template name") unless `value` is a valid trait. */
export function checkTraitName(value: unknown, what: string): string {
  if (!isValidTrait(value)) {
    throw new InvalidParameterValue(
      `${what} must be a valid trait, got ${JSON.stringify(value)}. A standard trait is one of os-traits' names (such as HW_CPU_X86_AVX2); a custom trait starts with CUSTOM_ and uses only A-Z, 0-9 and _ (at most 255 characters).`,
    );
  }
  return value;
}
