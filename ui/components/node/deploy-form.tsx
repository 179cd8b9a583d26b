// Deploy: an image by URL and checksum, or the named image already in instance_info.image_source,
// and an optional config drive built by the API from user data (configdrive {user_data}).
import { useState } from 'preact/hooks';
import { InputField, TextareaField } from '../form-field.js';
import { ActionForm } from './action-form.js';
import { patchNode, setProvisionState } from './node-calls.js';
import type { ApiNode } from './node-types.js';
import { useAction } from './use-action.js';

export function DeployForm({ node, verb, onDone }: { node: ApiNode; verb: string; onDone: () => void }) {
  const action = useAction(onDone);
  const current = typeof node.instance_info.image_source === 'string' ? node.instance_info.image_source : '';
  const [image, setImage] = useState(current);
  const [checksum, setChecksum] = useState(typeof node.instance_info.image_checksum === 'string' ? node.instance_info.image_checksum : '');
  const [userData, setUserData] = useState('');
  const submit = async () => {
    const ops: { op: 'add'; path: string; value: string }[] = [];
    if (image && image !== current) ops.push({ op: 'add', path: '/instance_info/image_source', value: image });
    if (checksum && checksum !== node.instance_info.image_checksum)
      ops.push({ op: 'add', path: '/instance_info/image_checksum', value: checksum });
    if (ops.length) await patchNode(node.uuid, ops);
    await setProvisionState(node.uuid, verb, userData ? { configdrive: { user_data: userData } } : {});
  };
  return (
    <ActionForm id="deploy-form" title="Deploy" action={action} submit="Deploy" onSubmit={submit}>
      <InputField
        id="deploy-image"
        label="Image"
        help="An http(s) URL of the image, or the name of an image the node's instance_info already names (image_source)."
        value={image}
        onInput={(e) => setImage(e.currentTarget.value)}
      />
      <InputField
        id="deploy-checksum"
        label="Image checksum"
        help="The image's MD5/SHA-256/SHA-512 checksum, or a URL of a checksum file. Needed for URL images."
        value={checksum}
        onInput={(e) => setChecksum(e.currentTarget.value)}
      />
      <TextareaField
        id="deploy-user-data"
        label="User data (config drive)"
        help="Optional: cloud-init user data; the API builds the config drive from it."
        rows={4}
        value={userData}
        onInput={(e) => setUserData(e.currentTarget.value)}
      />
    </ActionForm>
  );
}
