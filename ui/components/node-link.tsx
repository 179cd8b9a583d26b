// A node named the way operators know it (name, else UUID), linking to its page.
import type { NodeRow } from '../../protocol/web-ui.js';

export function NodeLink({ node }: { node: Pick<NodeRow, 'uuid' | 'name'> }) {
  return (
    <a href={`#/nodes/${encodeURIComponent(node.uuid)}`} title={node.uuid}>
      {node.name ?? node.uuid}
    </a>
  );
}
