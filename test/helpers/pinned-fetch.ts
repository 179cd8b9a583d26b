// Talks to the agent's HTTPS command API the way the conductor does: trusting only the agent's
// own self-signed certificate (what its heartbeat sends as agent_verify_ca), no host name check.
// The shape is fetch's (status, json()), so tests read as they would with fetch; node's global
// fetch cannot be given a CA without undici, which is not a dependency.
import https from 'node:https';

export interface PinnedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text(): Promise<string>;
  json(): Promise<any>;
}

export interface PinnedInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export function pinnedFetch(cert: string): (url: string, init?: PinnedInit) => Promise<PinnedResponse> {
  const agent = new https.Agent({ ca: cert, checkServerIdentity: () => undefined });
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const req = https.request(url, { method: init.method ?? 'GET', headers: init.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: async () => text, json: async () => JSON.parse(text) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(init.body);
    });
}
