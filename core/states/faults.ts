// Node faults Tyr sets, by name: the conductor writes them, the console's overview looks for them.

/** Power sync could not read the BMC repeatedly and put the node in maintenance. */
export const POWER_FAILURE = 'power failure';
