// Public surface of the client package.
export { TyrClient } from './client.js';
export { TyrApiError, faultString } from './errors.js';
export type { ClientOptions } from './http.js';
export { WaitError, isFailedState } from './wait.js';
export type * from './types.js';
export type { InspectionRule } from './inspection.js';
