// Awaiting a promise that must fail with a HardwareError, for tests that then read its message.
import { expect } from 'chai';
import { HardwareError } from '../../core/errors.js';

export async function hardwareRejection(p: Promise<unknown>): Promise<HardwareError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a rejection').to.be.instanceOf(HardwareError);
  return err as HardwareError;
}
