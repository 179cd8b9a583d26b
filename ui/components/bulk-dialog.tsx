// The one confirmation for every bulk action: each selected node and what will happen to it
// (nodes the action does not apply to, per core/states, are listed as skipped), the action's
// input, then the calls a few at a time with each node's result — success or the API's words.
import { useMemo, useState } from 'preact/hooks';
import type { NodeRow } from '../../protocol/web-ui.js';
import { cleanStepsProblem } from '../../core/states/provision-args.js';
import { runBounded, type BulkAction, type BulkInput, type BulkResult } from '../bulk-actions.js';
import { errorText } from './error-banner.js';
import { ModalDialog } from './modal-dialog.js';

const CONCURRENCY = 4;

/** The clean steps typed in, parsed and checked as the API will. */
function parseCleanSteps(text: string): { steps?: Record<string, unknown>[]; problem?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { problem: `The clean steps are not JSON: ${(err as Error).message}` };
  }
  const problem = cleanStepsProblem(raw);
  return problem ? { problem } : { steps: raw as Record<string, unknown>[] };
}

function ResultCell({ result, skipped }: { result: BulkResult | 'running' | undefined; skipped: string | null }) {
  if (skipped) return <span class="muted">skipped: {skipped}</span>;
  if (result === undefined) return <span class="muted">pending</span>;
  if (result === 'running') return <span>running…</span>;
  return result.ok ? <span class="ok">done</span> : <span class="failed">{result.message}</span>;
}

export function BulkDialog({ action, nodes, onClose }: { action: BulkAction; nodes: NodeRow[]; onClose: (ran: boolean) => void }) {
  // A snapshot: live updates while the dialog is open must not change what was confirmed.
  const plan = useMemo(() => nodes.map((n) => ({ node: n, skipped: action.notApplicable(n) })), []);
  const targets = plan.filter((p) => !p.skipped).map((p) => p.node);
  const [cleanSteps, setCleanSteps] = useState('[{"interface": "deploy", "step": "erase_devices_metadata"}]');
  const [reason, setReason] = useState('');
  const [results, setResults] = useState<Record<string, BulkResult | 'running'>>({});
  const [phase, setPhase] = useState<'confirm' | 'running' | 'done'>('confirm');
  const clean = action.id === 'clean' ? parseCleanSteps(cleanSteps) : undefined;

  const run = async () => {
    const input: BulkInput = { cleanSteps: clean?.steps, maintenanceReason: reason.trim() || undefined };
    setPhase('running');
    await runBounded(targets, CONCURRENCY, async (node) => {
      setResults((r) => ({ ...r, [node.uuid]: 'running' }));
      let result: BulkResult;
      try {
        await action.run(node, input);
        result = { ok: true };
      } catch (err) {
        result = { ok: false, message: errorText(err) };
      }
      setResults((r) => ({ ...r, [node.uuid]: result }));
    });
    setPhase('done');
  };

  const failed = Object.values(results).filter((r) => r !== 'running' && !r.ok).length;
  return (
    <ModalDialog
      title={`${action.label.replace('…', '')}: ${targets.length} of ${nodes.length} selected nodes`}
      onClose={() => onClose(phase !== 'confirm')}
    >
      {action.id === 'clean' && (
        <div class="dialog-field">
          <label for="bulk-clean-steps">Clean steps (JSON)</label>
          <textarea
            id="bulk-clean-steps"
            rows={4}
            value={cleanSteps}
            disabled={phase !== 'confirm'}
            onInput={(e) => setCleanSteps(e.currentTarget.value)}
          />
          {clean?.problem && (
            <p class="failed" role="alert">
              {clean.problem}
            </p>
          )}
        </div>
      )}
      {action.id === 'maintenance-on' && (
        <div class="dialog-field">
          <label for="bulk-reason">Reason</label>
          <input id="bulk-reason" value={reason} disabled={phase !== 'confirm'} onInput={(e) => setReason(e.currentTarget.value)} />
        </div>
      )}
      <div class="bulk-plan">
        <table data-testid="bulk-plan">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">What will happen</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {plan.map(({ node, skipped }) => (
              <tr key={node.uuid} data-uuid={node.uuid} class={skipped ? 'skipped' : ''}>
                <td>{node.name ?? node.uuid}</td>
                <td>{skipped ? '—' : action.describe(node)}</td>
                <td>
                  <ResultCell result={results[node.uuid]} skipped={skipped} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p role="status" data-testid="bulk-status">
        {phase === 'running' && 'Running…'}
        {phase === 'done' && `Finished: ${targets.length - failed} succeeded, ${failed} failed.`}
      </p>
      <div class="dialog-buttons">
        {phase === 'confirm' && (
          <button
            type="button"
            class={action.danger ? 'danger' : 'primary'}
            disabled={targets.length === 0 || !!clean?.problem}
            onClick={() => void run()}
          >
            {action.label.replace('…', '')} {targets.length} nodes
          </button>
        )}
        <button type="button" onClick={() => onClose(phase !== 'confirm')} disabled={phase === 'running'}>
          {phase === 'confirm' ? 'Cancel' : 'Close'}
        </button>
      </div>
    </ModalDialog>
  );
}
