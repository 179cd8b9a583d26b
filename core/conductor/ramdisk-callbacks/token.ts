// The agent token: a secret the conductor hands a ramdisk agent once per boot (lookup), which
// every heartbeat must then carry. It lives in driver_internal_info.agent_secret_token (the API
// masks every *_token key). It is forgotten when a new ramdisk boot starts (entering the agent
// states) and when the node leaves them, so an old agent can never speak for a new boot.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { JsonObject } from '../../db/types.js';
import { AGENT_LOOKUP_ALLOWED_STATES } from '../../states/provision-states.js';
import { VERIFY_CA_KEY } from './tls-pin.js';

export const TOKEN_KEY = 'agent_secret_token';

/** Whether the conductor expects a ramdisk agent to look the node up and heartbeat in `state`. */
export function expectsAgent(state: string): boolean {
  return AGENT_LOOKUP_ALLOWED_STATES.has(state);
}

/** 32 random bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. timingSafeEqual needs equal lengths, so both sides are compared as
 * fixed-size buffers of the expected length; a wrong length still costs the same work.
 */
export function tokenMatches(stored: unknown, given: unknown): boolean {
  if (typeof stored !== 'string' || stored === '' || typeof given !== 'string') return false;
  const expected = Buffer.from(stored, 'utf8');
  const actual = Buffer.alloc(expected.length);
  Buffer.from(given, 'utf8').copy(actual);
  const same = timingSafeEqual(expected, actual);
  return same && Buffer.byteLength(given, 'utf8') === expected.length;
}

/** Fields a heartbeat records; all of them belong to one ramdisk boot. */
const AGENT_FIELDS = [
  TOKEN_KEY,
  'agent_url',
  VERIFY_CA_KEY,
  'agent_version',
  'agent_last_heartbeat',
  'agent_status',
  'agent_status_message',
];
/** What speaks for the boot's agent: gone once the node leaves the agent states. */
const BOOT_CREDENTIALS = [TOKEN_KEY, 'agent_url', VERIFY_CA_KEY];

/**
 * The driver_internal_info a transition from `from` to `to` should leave behind, or undefined
 * when it changes nothing. Entering the agent states means a new ramdisk boot: every agent field
 * of the previous boot goes. Leaving them means no agent may speak for the node any more: the
 * token, the URL and the pinned certificate go (version and last heartbeat stay, for diagnosis).
 */
export function agentInfoAfterTransition(info: JsonObject, from: string, to: string): JsonObject | undefined {
  const wasAgent = expectsAgent(from);
  const isAgent = expectsAgent(to);
  if (wasAgent === isAgent) return undefined;
  const drop = isAgent ? AGENT_FIELDS : BOOT_CREDENTIALS;
  if (!drop.some((k) => k in info)) return undefined;
  const out = { ...info };
  for (const k of drop) delete out[k];
  return out;
}
