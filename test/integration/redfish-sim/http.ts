// A plain HTTP client for the sim tests: trusts the sim's CA file and never throws on a status, so
// tests assert the status and body the sim really sent.
import fs from 'node:fs';
import https from 'node:https';
import axios, { type AxiosResponse } from 'axios';
import type { RedfishSim } from '../../bench/lab/redfish-sim/index.js';

export interface SimClientOptions {
  token?: string;
  basic?: { username: string; password: string };
}

export function simClient(sim: RedfishSim, opts: SimClientOptions = {}) {
  const httpsAgent = sim.caFile ? new https.Agent({ ca: fs.readFileSync(sim.caFile) }) : undefined;
  const client = axios.create({
    baseURL: sim.url,
    httpsAgent,
    validateStatus: () => true,
    auth: opts.basic,
    headers: opts.token ? { 'X-Auth-Token': opts.token } : {},
  });
  return {
    get: (path: string, headers: Record<string, string> = {}): Promise<AxiosResponse<any>> => client.get(path, { headers }),
    post: (path: string, body: unknown, headers: Record<string, string> = {}): Promise<AxiosResponse<any>> =>
      client.post(path, body, { headers }),
    patch: (path: string, body: unknown, headers: Record<string, string> = {}): Promise<AxiosResponse<any>> =>
      client.patch(path, body, { headers }),
    delete: (path: string): Promise<AxiosResponse<any>> => client.delete(path),
  };
}

/** Logs in through SessionService and returns a client carrying the token, and the session's path. */
export async function sessionClient(sim: RedfishSim) {
  const res = await simClient(sim).post('/redfish/v1/SessionService/Sessions', { UserName: sim.username, Password: sim.password });
  if (res.status !== 201) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.data)}`);
  return { client: simClient(sim, { token: String(res.headers['x-auth-token']) }), location: String(res.headers.location) };
}
