// The clean steps a node can run, from the catalogues in protocol/ and the node's interfaces:
// a hardware-operation step is left out when the node's interface for it is a "no-…" one.
import { AGENT_CLEAN_STEPS, BURNIN_STEPS } from '../../../protocol/clean-steps.js';
import { HW_OP_STEPS } from '../../../protocol/hw-op-steps.js';
import { interfaceOf, type ApiNode } from './node-types.js';

export interface CleanStepChoice {
  interface: string;
  step: string;
}

// An interface the API does not show (firmware_interface is past Tyr's microversion maximum) is
// offered: the API checks the request again and says why it cannot run.
const usable = (name: string | undefined) => name === undefined || (!name.startsWith('no-') && name !== 'noop');

export function cleanStepsOf(node: ApiNode): CleanStepChoice[] {
  const out: CleanStepChoice[] = [...AGENT_CLEAN_STEPS, ...BURNIN_STEPS].map((step) => ({ interface: 'deploy', step }));
  for (const [iface, steps] of Object.entries(HW_OP_STEPS)) {
    if (usable(interfaceOf(node, iface))) out.push(...steps.map((step) => ({ interface: iface, step })));
  }
  return out;
}

export const stepKey = (s: CleanStepChoice) => `${s.interface}.${s.step}`;
