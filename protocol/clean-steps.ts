// The clean steps the agent runs on the deploy interface (besides the hardware-operation steps of
// hw-op-steps.ts): shared by the conductor, which dispatches them, and the web console, which
// offers them in its clean form (Tyr has no per-node step listing endpoint; this is the catalogue).
export const AGENT_CLEAN_STEPS = ['erase_devices_metadata', 'erase_devices'];
export const BURNIN_STEPS = ['burnin_cpu', 'burnin_memory', 'burnin_disk', 'burnin_network'];
