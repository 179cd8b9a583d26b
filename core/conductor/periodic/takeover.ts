// Takeover of a dead conductor's nodes (scale-out). A conductor silent for heartbeat_timeout
// drops out of the ring, so its nodes already belong to the survivors for every new request; what
// it leaves behind is its locks. Each survivor recovers the locked nodes the ring (over the live
// conductors) now gives it, as a restarted conductor would: transient states go to their failed
// states and the stale reservation is cleared (registration.ts, conditional on the dead host
// still holding it, so racing survivors recover each node once). Once the dead conductor holds
// no lock, it is marked offline: it leaves everyone's ring and the API lists it as dead.
//
// Nodes the dead conductor was merely waiting on (wait call-back, clean wait, inspect wait, …)
// hold no reservation and are NOT failed: the new owner continues them when their agent's
// heartbeat reaches it through the API, and its wait-timeout check fails them if none comes.
import type { Conductor } from '../../db/types.js';
import { ownershipCheck, type ConductorContext } from '../context.js';
import { recoverNodesOf } from '../registration.js';

/** One pass; returns how many nodes this conductor recovered. */
export async function takeOverDeadConductors(c: ConductorContext, signal?: AbortSignal): Promise<number> {
  if (!c.ring) return 0; // all-in-one: the only conductor recovers its own locks on restart
  // One small query per heartbeat interval, so a death is seen within heartbeat_timeout plus one
  // interval rather than after the ring's cache expires.
  await c.ring.refresh();
  const mine = await ownershipCheck(c);
  const dead = (await c.ring.deadConductors()).filter((d) => d.hostname !== c.host);
  let recovered = 0;
  for (const d of dead) {
    if (signal?.aborted) break;
    recovered += await recoverNodesOf(c, d.hostname, 'died', mine);
    await markOfflineWhenUnlocked(c, d);
  }
  if (recovered) c.log.warn({ recovered, dead: dead.map((d) => d.hostname) }, 'took over nodes of dead conductors');
  return recovered;
}

async function markOfflineWhenUnlocked(c: ConductorContext, d: Conductor): Promise<void> {
  if (!d.online) return; // already offline (stopped cleanly, or marked by an earlier pass)
  // Locks on nodes another survivor owns are theirs to clear; nodes no live conductor can serve
  // (their group or hardware type has no one left) keep the lock, and the host stays listed
  // online-but-silent until a conductor for them appears.
  const held = await c.store.nodes.list({ reservation: d.hostname }, { limit: 1 });
  if (held.length > 0) return;
  if (await c.store.conductors.markOfflineIfSilentSince(d.hostname, d.updated_at)) {
    c.log.warn({ dead_host: d.hostname }, 'marked a conductor that stopped heartbeating offline');
  }
}
