// The image write's progress while a deploy runs (NodeRow.deploy_progress from the change stream).
import type { DeployProgress } from '../../../protocol/web-ui.js';
import { ProgressBar } from '../progress-bar.js';
import { bytes } from './sizes.js';

export function DeployProgressBar({ progress }: { progress: DeployProgress | null }) {
  if (!progress) return null;
  const { bytes_written: done, total_bytes: total, mb_per_s: rate } = progress;
  const text = `${bytes(done)}${total ? ` of ${bytes(total)}` : ''}${rate ? `, ${rate.toFixed(1)} MB/s` : ''}`;
  return (
    <div class="panel deploy-progress" data-testid="deploy-progress">
      <p>Writing the image: {text}</p>
      <ProgressBar value={done} max={total} label="Image write" />
    </div>
  );
}
