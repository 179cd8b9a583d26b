// Rescue: boots the rescue ramdisk with this password for the rescue user.
import { useState } from 'preact/hooks';
import { InputField } from '../form-field.js';
import { ActionForm } from './action-form.js';
import { setProvisionState } from './node-calls.js';
import type { ApiNode } from './node-types.js';
import { useAction } from './use-action.js';

export function RescueForm({ node, onDone }: { node: ApiNode; onDone: () => void }) {
  const action = useAction(onDone);
  const [password, setPassword] = useState('');
  return (
    <ActionForm
      id="rescue-form"
      title="Rescue"
      action={action}
      submit="Rescue"
      onSubmit={() => setProvisionState(node.uuid, 'rescue', { rescue_password: password })}
    >
      <InputField
        id="rescue-password"
        label="Rescue password"
        help="The password of the rescue user while the node is in rescue."
        type="password"
        autocomplete="new-password"
        required
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
    </ActionForm>
  );
}
