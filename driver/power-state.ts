// Nova's power states (nova/compute/power_state.py) and the mapping Nova's ironic driver applies
// to a node's power_state: on is RUNNING, off is SHUTDOWN, anything else NOSTATE.
export const NOVA_POWER = { NOSTATE: 0, RUNNING: 1, PAUSED: 3, SHUTDOWN: 4, CRASHED: 6, SUSPENDED: 7 } as const;

export function novaPowerState(power: string | null | undefined): { state: number; name: keyof typeof NOVA_POWER } {
  if (power === 'power on') return { state: NOVA_POWER.RUNNING, name: 'RUNNING' };
  if (power === 'power off') return { state: NOVA_POWER.SHUTDOWN, name: 'SHUTDOWN' };
  return { state: NOVA_POWER.NOSTATE, name: 'NOSTATE' };
}
