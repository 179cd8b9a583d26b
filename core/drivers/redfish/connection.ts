// The contract between the Redfish HTTP client and the interfaces built on it (power,
// management, inspection, BIOS, firmware, RAID, virtual media). The interfaces speak Redfish
// resources by their @odata.id paths and never see sessions, retries, TLS or credentials: the
// client behind this contract owns those (one session per BMC, reused and always deleted,
// bounded concurrency, retries with backoff and Retry-After, a timeout on every call).
import type { JsonObject } from '../../db/types.js';
import type { NodeContext } from '../interfaces/task.js';
import type { RedfishQuirks } from './quirks/quirk.js';

/** A Redfish answer as the client saw it after retries; `body` is null for an empty one. */
export interface RedfishResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: JsonObject | null;
}

/** One BMC's Redfish service, authenticated. Paths are absolute ("/redfish/v1/Systems/1"). */
export interface RedfishConnection {
  /** GET; throws HardwareError naming the path and the BMC's message on anything but 2xx. */
  get(path: string): Promise<JsonObject>;
  /** GET that also returns the ETag, for a PATCH with If-Match. */
  getWithEtag(path: string): Promise<{ body: JsonObject; etag: string | null }>;
  /** POST a JSON body (actions, collections). Non-2xx throws HardwareError. */
  post(path: string, body: JsonObject): Promise<RedfishResponse>;
  /** PATCH, with If-Match when an ETag is given (retried once with a fresh ETag on 412). */
  patch(path: string, body: JsonObject, etag?: string | null): Promise<RedfishResponse>;
  delete(path: string): Promise<RedfishResponse>;
  /** POST multipart/form-data (UpdateService MultipartHttpPushUri): JSON parameters plus one file. */
  postMultipart(path: string, parameters: JsonObject, file: { name: string; data: Buffer }): Promise<RedfishResponse>;
}

/** The node's ComputerSystem on its BMC, with the service it lives on. */
export interface RedfishSystem {
  conn: RedfishConnection;
  /** "/redfish/v1/Systems/<id>": redfish_system_id, or the only member of Systems. */
  systemPath: string;
  /** The ComputerSystem resource as read when the system was resolved. */
  system: JsonObject;
  /** Its ETag as read then (null when the BMC sends none), for a PATCH with If-Match. */
  etag: string | null;
  /** The vendor quirks that apply to this BMC (core/drivers/redfish/quirks/). */
  vendor: string;
  /** Those quirks themselves, chosen from the system's Manufacturer. */
  quirks: RedfishQuirks;
}

/** Resolves a node's driver_info to its system; what every Redfish interface is given. */
export interface RedfishSystems {
  forNode(ctx: NodeContext): Promise<RedfishSystem>;
}
