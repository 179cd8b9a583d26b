// Manual clean: pick steps from those the node can run (clean-step-catalog.ts), each with optional
// JSON arguments, run in the order listed.
import { useState } from 'preact/hooks';
import { ActionForm } from './action-form.js';
import { cleanStepsOf, stepKey } from './clean-step-catalog.js';
import { parseJsonField } from './json-input.js';
import { setProvisionState } from './node-calls.js';
import type { ApiNode } from './node-types.js';
import { useAction } from './use-action.js';

export function CleanForm({ node, onDone }: { node: ApiNode; onDone: () => void }) {
  const action = useAction(onDone);
  const steps = cleanStepsOf(node);
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  const [args, setArgs] = useState<Record<string, string>>({});
  const submit = () => {
    const cleanSteps = steps
      .filter((s) => chosen[stepKey(s)])
      .map((s) => {
        const a = parseJsonField(args[stepKey(s)] ?? '', `The arguments of ${stepKey(s)}`);
        return { interface: s.interface, step: s.step, ...(a === undefined ? {} : { args: a }) };
      });
    return setProvisionState(node.uuid, 'clean', { clean_steps: cleanSteps });
  };
  return (
    <ActionForm id="clean-form" title="Clean" action={action} submit="Clean" onSubmit={submit}>
      <table class="clean-steps">
        <caption>Steps the node can run (the API checks them again)</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Arguments (JSON object, optional)</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => {
            const key = stepKey(s);
            return (
              <tr key={key}>
                <td>
                  <label>
                    <input
                      type="checkbox"
                      checked={chosen[key] ?? false}
                      onChange={(e) => setChosen({ ...chosen, [key]: e.currentTarget.checked })}
                    />{' '}
                    {key}
                  </label>
                </td>
                <td>
                  <input
                    aria-label={`Arguments of ${key}`}
                    placeholder={s.step === 'burnin_network' ? '{"pairing_group": "rack1"}' : ''}
                    value={args[key] ?? ''}
                    onInput={(e) => setArgs({ ...args, [key]: e.currentTarget.value })}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ActionForm>
  );
}
