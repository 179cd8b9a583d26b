// Every refused inspection callback gets the same 404, as Ironic answers it: a caller without
// credentials learns neither which nodes exist nor which state they are in. Why this call was
// refused (the node, its state, the conflicting match) goes to the log only: `detail`.
import { NotFound } from '../../errors.js';

const PUBLIC_MESSAGE = 'No node is waiting for inspection data from this machine. Inspection data is accepted only for a node in '
  + '"inspect wait" (baremetal node inspect) that the machine\'s MACs or BMC address match, or, with discovery enabled '
  + '(discovery.enabled), from a machine that no node knows. The server log (agent-api, continue_inspection) says why this call was refused.';

export class CallbackRefused extends NotFound {
  constructor(readonly detail: string) {
    super(PUBLIC_MESSAGE);
  }
}
