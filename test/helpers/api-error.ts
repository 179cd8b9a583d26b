// For tests that expect the API to refuse a call made through client/: the client throws a
// TyrApiError (status and faultstring), and a call that succeeds instead fails the test here.
import { TyrApiError } from '../../client/index.js';

export async function apiError(call: Promise<unknown>): Promise<TyrApiError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected the API to refuse the call, but it answered ${JSON.stringify(outcome.value)}`);
  if (!(outcome.error instanceof TyrApiError)) throw outcome.error;
  return outcome.error;
}
