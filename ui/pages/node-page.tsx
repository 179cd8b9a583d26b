// One node: its summary and last error, the actions its state allows, the forms those actions
// need, and what Tyr knows of its hardware and history. Kept live by the change stream.
import { useState } from 'preact/hooks';
import type { Verb } from '../../core/states/provision-verbs.js';
import { ErrorBanner } from '../components/error-banner.js';
import { BiosForm } from '../components/node/bios-form.js';
import { BurninSection } from '../components/node/burnin-section.js';
import { CleanForm } from '../components/node/clean-form.js';
import { DeployForm } from '../components/node/deploy-form.js';
import { DeployProgressBar } from '../components/node/deploy-progress.js';
import { FirmwareForm } from '../components/node/firmware-form.js';
import { BiosSection, FirmwareSection, RaidSection } from '../components/node/hardware-sections.js';
import { HistoryTimeline } from '../components/node/history-timeline.js';
import { InventorySection } from '../components/node/inventory-section.js';
import { NodeActions } from '../components/node/node-actions.js';
import { LastError, NodeSummary } from '../components/node/node-summary.js';
import { nodeLabel, type ApiNode } from '../components/node/node-types.js';
import { PortsSection } from '../components/node/ports-section.js';
import { RaidForm } from '../components/node/raid-form.js';
import { RescueForm } from '../components/node/rescue-form.js';
import { useNodeData, withLive } from '../components/node/use-node-data.js';

function VerbForm({ verb, node, onDone }: { verb: Verb | null; node: ApiNode; onDone: () => void }) {
  if (verb === 'deploy' || verb === 'active') return <DeployForm node={node} verb={verb} onDone={onDone} />;
  if (verb === 'clean') return <CleanForm node={node} onDone={onDone} />;
  if (verb === 'rescue') return <RescueForm node={node} onDone={onDone} />;
  return null;
}

function HardwareForms({ node, onDone }: { node: ApiNode; onDone: () => void }) {
  return (
    <details class="hardware-forms">
      <summary>BIOS, RAID and firmware operations</summary>
      <BiosForm node={node} onDone={onDone} />
      <RaidForm node={node} onDone={onDone} />
      <FirmwareForm node={node} onDone={onDone} />
    </details>
  );
}

export function NodePage({ ident }: { ident: string }) {
  const data = useNodeData(ident);
  const [openVerb, setOpenVerb] = useState<Verb | null>(null);
  if (data.node.error && !data.node.value) return <ErrorBanner error={data.node.error} />;
  if (!data.node.value) return <p class="loading">Loading…</p>;
  const node = withLive(data.node.value, data.live);
  const done = () => {
    setOpenVerb(null);
    data.reload();
  };
  return (
    <div class="node-page">
      <h1>Node {nodeLabel(node)}</h1>
      <LastError node={node} />
      <NodeActions node={node} onChanged={data.reload} onOpenForm={setOpenVerb} />
      <DeployProgressBar progress={data.progress} />
      <VerbForm verb={openVerb} node={node} onDone={done} />
      <div class="node-grid">
        <NodeSummary node={node} />
        <PortsSection ports={data.ports} portgroups={data.portgroups} />
      </div>
      <InventorySection ident={node.uuid} ports={data.ports} refresh={node.provision_state} />
      <BiosSection ident={node.uuid} refresh={node.provision_state} />
      <FirmwareSection ident={node.uuid} refresh={node.provision_state} />
      <RaidSection node={node} />
      <HardwareForms node={node} onDone={data.reload} />
      <BurninSection history={data.history} />
      <HistoryTimeline entries={data.history} />
    </div>
  );
}
