// The benches' Ironic API client for a fleet behind one or more API processes: round-robin over
// them as a load balancer would, retrying a full worker pool (503) as a client behind one would,
// and counting nodes per provision state through paged, uuid-only lists.
const HEADERS = { 'Content-Type': 'application/json', 'X-OpenStack-Ironic-API-Version': 'latest' };

export class FleetApi {
  private next = 0;

  /** `urls` is read on every call, so a cluster whose API processes change is followed. */
  constructor(private readonly urls: () => readonly string[]) {}

  /** The next API process's base URL. */
  url(): string {
    const urls = this.urls();
    return urls[this.next++ % urls.length]!;
  }

  async call(method: string, path: string, body?: unknown): Promise<any> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.url()}${path}`, {
        method,
        headers: HEADERS,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.ok) return text ? JSON.parse(text) : undefined;
      if (res.status === 503 && attempt < 50) {
        await new Promise((r) => setTimeout(r, 100 + attempt * 50));
        continue;
      }
      throw new Error(`${method} ${path} → ${res.status} ${text}`);
    }
  }

  async countInState(state: string): Promise<number> {
    let count = 0;
    let marker = '';
    for (;;) {
      const page = (await this.call('GET', `/v1/nodes?provision_state=${encodeURIComponent(state)}&fields=uuid&limit=1000${marker}`)) as {
        nodes: { uuid: string }[];
      };
      count += page.nodes.length;
      if (page.nodes.length < 1000) return count;
      marker = `&marker=${page.nodes[page.nodes.length - 1]!.uuid}`;
    }
  }
}
