// The API benchmark's lifecycle figure: N fake-hardware nodes (fake power, fake deploy, so the time
// is Tyr's own overhead) taken through manage → provide → deploy → undeploy together, each step
// sent to every node at once and waited for by polling one list page of just those nodes.

const STEPS = [
  { target: 'manage', reaches: 'manageable' },
  { target: 'provide', reaches: 'available' },
  { target: 'active', reaches: 'active' },
  { target: 'deleted', reaches: 'available' },
] as const;

const RESOURCE_CLASS = 'bench-lifecycle';

async function call(url: string, headers: Record<string, string>, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Polls until every one of the nodes is in `state`; a node that fails (… failed) ends the run. */
async function waitAll(base: string, headers: Record<string, string>, count: number, state: string): Promise<void> {
  const url = `${base}/nodes?resource_class=${RESOURCE_CLASS}&fields=uuid,provision_state,last_error&limit=${count}`;
  for (const deadline = performance.now() + 60_000; performance.now() < deadline;) {
    const { nodes } = (await call(url, headers, 'GET')) as {
      nodes: { uuid: string; provision_state: string; last_error: string | null }[];
    };
    const failed = nodes.find((n) => n.provision_state.endsWith('failed'));
    if (failed) throw new Error(`node ${failed.uuid} went to ${failed.provision_state}: ${failed.last_error}`);
    if (nodes.length === count && nodes.every((n) => n.provision_state === state)) return;
  }
  throw new Error(`the lifecycle nodes did not all reach ${state} in 60 s`);
}

export async function runLifecycle(
  base: string,
  headers: Record<string, string>,
  count = 50,
): Promise<{ nodes: number; seconds: number; steps: string }> {
  const uuids = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const body = { driver: 'fake-hardware', name: `lifecycle-${i}`, resource_class: RESOURCE_CLASS, deploy_interface: 'fake' };
      return ((await call(`${base}/nodes`, headers, 'POST', body)) as { uuid: string }).uuid;
    }),
  );
  const perStep: string[] = [];
  const t0 = performance.now();
  for (const step of STEPS) {
    const s0 = performance.now();
    await Promise.all(uuids.map((u) => call(`${base}/nodes/${u}/states/provision`, headers, 'PUT', { target: step.target })));
    await waitAll(base, headers, count, step.reaches);
    perStep.push(`${step.target} ${((performance.now() - s0) / 1000).toFixed(2)} s`);
  }
  return { nodes: count, seconds: (performance.now() - t0) / 1000, steps: perStep.join(', ') };
}
