// What can be done with the node now: the provision verbs its state accepts (from the state
// table), power, maintenance, and the serial console. Verbs that need arguments (deploy, clean,
// rescue) open their form instead of acting at once.
import { useState } from 'preact/hooks';
import type { Verb } from '../../../core/states/provision-verbs.js';
import { useSession } from '../../session.js';
import { ErrorBanner } from '../error-banner.js';
import { allowedVerbs, minorOf } from './allowed-verbs.js';
import { setMaintenance, setPowerState, setProvisionState } from './node-calls.js';
import { StateBadge } from './node-summary.js';
import type { ApiNode } from './node-types.js';
import { useAction } from './use-action.js';

/** Verbs whose arguments come from a form on this page. */
export const FORM_VERBS = new Set<Verb>(['deploy', 'active', 'clean', 'rescue']);

const POWER: { label: string; target: 'power on' | 'power off' | 'rebooting' }[] = [
  { label: 'Power on', target: 'power on' },
  { label: 'Power off', target: 'power off' },
  { label: 'Reboot', target: 'rebooting' },
];

export function NodeActions({ node, onChanged, onOpenForm }: { node: ApiNode; onChanged: () => void; onOpenForm: (verb: Verb) => void }) {
  const { session, canAct } = useSession();
  const action = useAction(onChanged);
  const [reason, setReason] = useState('');
  const verbs = allowedVerbs(node.provision_state, minorOf(session.max_version));
  const ident = node.uuid;
  return (
    <section class="panel node-actions" aria-labelledby="node-actions-title">
      <h2 id="node-actions-title">
        State <StateBadge node={node} />
      </h2>
      <div role="group" aria-label="Provision actions" class="button-row">
        {verbs.length === 0 && <span class="muted">No provision action while the node is {node.provision_state}.</span>}
        {verbs.map((verb) => (
          <button
            key={verb}
            type="button"
            data-verb={verb}
            disabled={!canAct || action.busy}
            onClick={() => (FORM_VERBS.has(verb) ? onOpenForm(verb) : void action.run(() => setProvisionState(ident, verb)))}
          >
            {verb}
            {FORM_VERBS.has(verb) ? '…' : ''}
          </button>
        ))}
      </div>
      <div role="group" aria-label="Power" class="button-row">
        {POWER.map((p) => (
          <button
            key={p.target}
            type="button"
            disabled={!canAct || action.busy}
            onClick={() => void action.run(() => setPowerState(ident, p.target))}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div role="group" aria-label="Maintenance" class="button-row">
        {node.maintenance ? (
          <button type="button" disabled={!canAct || action.busy} onClick={() => void action.run(() => setMaintenance(ident, false))}>
            Leave maintenance
          </button>
        ) : (
          <>
            <label for="maintenance-reason">Maintenance reason</label>
            <input id="maintenance-reason" value={reason} disabled={!canAct} onInput={(e) => setReason(e.currentTarget.value)} />
            <button
              type="button"
              disabled={!canAct || action.busy}
              onClick={() => void action.run(() => setMaintenance(ident, true, reason))}
            >
              Enter maintenance
            </button>
          </>
        )}
        <a href={`#/nodes/${encodeURIComponent(ident)}/console`}>Serial console</a>
      </div>
      <ErrorBanner error={action.error} onDismiss={action.clearError} />
    </section>
  );
}
