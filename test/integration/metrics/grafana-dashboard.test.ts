// docs/grafana-dashboard.json cannot rot: every metric its panels query is one a real tyr server
// exposes on /metrics, and every Tyr metric has a panel.
import fs from 'node:fs';
import { expect } from 'chai';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { declaredFamilies } from './exposition.js';

const DASHBOARD = new URL('../../../docs/grafana-dashboard.json', import.meta.url);

interface Panel {
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr?: string; datasource?: { uid?: string } }[];
}

/** Metric names in a PromQL expression: Tyr's, Node's and the process's families. */
const METRIC_NAME = /\b(?:tyr|nodejs|process)_[a-zA-Z0-9_]+/g;

/** The sample names a family of this type exposes (histograms: _bucket, _sum, _count). */
function sampleNames(name: string, type: string): string[] {
  if (type === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}

describe('metrics: the Grafana dashboard', function () {
  this.timeout(30_000);
  let api: ApiHarness;
  let exposed: Set<string>;
  let families: Map<string, string>;
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as {
    schemaVersion: number;
    panels: Panel[];
    templating: { list: { name: string; type: string; query: string }[] };
  };
  const panels = dashboard.panels.filter((p) => p.type !== 'row');

  before(async () => {
    api = await startApi();
    const res = await fetch(`${api.url}/metrics`);
    expect(res.status).to.equal(200);
    families = declaredFamilies(await res.text());
    exposed = new Set([...families].flatMap(([name, type]) => sampleNames(name, type)));
  });
  after(async () => {
    await api?.stop();
  });

  it('queries a Prometheus datasource variable from every panel', () => {
    expect(dashboard.schemaVersion).to.be.within(36, 41);
    const variable = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(variable?.query).to.equal('prometheus');
    for (const panel of panels) {
      expect(panel.targets?.length, panel.title).to.be.greaterThan(0);
      for (const t of [panel, ...(panel.targets ?? [])]) expect(t.datasource?.uid, panel.title).to.equal(`\${${variable!.name}}`);
    }
  });

  it('uses only metrics /metrics exposes', () => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        const names = target.expr?.match(METRIC_NAME) ?? [];
        expect(names, `${panel.title}: ${target.expr}`).to.have.length.greaterThan(0);
        for (const name of names) expect(exposed.has(name), `${panel.title} uses ${name}, which /metrics does not expose`).to.equal(true);
      }
    }
  });

  it("shows every one of Tyr's own metrics", () => {
    const used = panels.flatMap((p) => (p.targets ?? []).flatMap((t) => t.expr?.match(METRIC_NAME) ?? []));
    const tyrFamilies = [...families.keys()].filter((name) => name.startsWith('tyr_'));
    for (const name of tyrFamilies) {
      const samples = sampleNames(name, families.get(name)!);
      expect(
        used.some((u) => samples.includes(u)),
        `no panel shows ${name}`,
      ).to.equal(true);
    }
  });
});
