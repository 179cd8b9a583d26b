// The RedfishConnection the interfaces are given: JSON in and out, errors that name the node, the
// BMC, the request and what the BMC said, and PATCH with If-Match (retried once with a fresh ETag
// on 412). Sessions, retries and limits live in the BmcService behind it.
import crypto from 'node:crypto';
import type { JsonObject } from '../../db/types.js';
import { HardwareError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { BmcRequest } from './bmc-service.js';
import type { RedfishConnection, RedfishResponse } from './connection.js';
import type { HttpAnswer } from './http.js';
import { bmcMessage, parseJsonBody } from './messages.js';

/** Sends one request to the node's BMC; resolving the service per call lets idle ones be dropped. */
export type BmcSender = (req: BmcRequest, log: Logger) => Promise<HttpAnswer>;

const json = (body: JsonObject) => Buffer.from(JSON.stringify(body));

export class RedfishClient implements RedfishConnection {
  constructor(
    private readonly send: BmcSender,
    private readonly address: string,
    /** The node's uuid, for error messages. */
    private readonly node: string,
    private readonly log: Logger,
  ) {}

  async get(path: string): Promise<JsonObject> {
    return (await this.getWithEtag(path)).body;
  }

  async getWithEtag(path: string): Promise<{ body: JsonObject; etag: string | null }> {
    const res = await this.call({ method: 'GET', path });
    if (!res.body) throw new HardwareError(`Node ${this.node}: Redfish BMC at ${this.address} answered GET ${path} with no JSON object.`);
    return { body: res.body, etag: res.headers.etag ?? null };
  }

  post(path: string, body: JsonObject): Promise<RedfishResponse> {
    return this.call({ method: 'POST', path, body: json(body) });
  }

  async patch(path: string, body: JsonObject, etag?: string | null): Promise<RedfishResponse> {
    const attempt = (tag: string | null | undefined) =>
      this.call({ method: 'PATCH', path, body: json(body), headers: tag ? { 'if-match': tag } : {} }, tag ? [412] : []);
    const res = await attempt(etag);
    if (res.status !== 412) return res;
    // Someone changed the resource since it was read: read it again and try once more.
    const fresh = await this.getWithEtag(path);
    this.log.info({ bmc: this.address, path }, 'Redfish PATCH precondition failed; retrying with a fresh ETag');
    return this.call({ method: 'PATCH', path, body: json(body), headers: fresh.etag ? { 'if-match': fresh.etag } : {} });
  }

  delete(path: string): Promise<RedfishResponse> {
    return this.call({ method: 'DELETE', path });
  }

  postMultipart(path: string, parameters: JsonObject, file: { name: string; data: Buffer }): Promise<RedfishResponse> {
    const boundary = `tyr-${crypto.randomBytes(12).toString('hex')}`;
    const safeName = file.name.replace(/["\r\n]/g, '_');
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="UpdateParameters"\r\nContent-Type: application/json\r\n\r\n` +
          `${JSON.stringify(parameters)}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="UpdateFile"; filename="${safeName}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      file.data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.call({ method: 'POST', path, body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  }

  /** Any status outside 2xx (and `accepted`) becomes a HardwareError with the BMC's message. */
  private async call(req: BmcRequest, accepted: number[] = []): Promise<RedfishResponse> {
    const answer = await this.send(req, this.log);
    if ((answer.status < 200 || answer.status >= 300) && !accepted.includes(answer.status)) {
      throw new HardwareError(
        `Node ${this.node}: Redfish ${req.method} ${req.path} on ${this.address} failed with HTTP ${answer.status}: ${bmcMessage(answer.text)}`,
      );
    }
    return { status: answer.status, headers: answer.headers, body: parseJsonBody(answer.text) };
  }
}
