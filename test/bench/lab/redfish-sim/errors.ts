// Redfish error bodies (DMTF Base message registry ids), so clients such as sushy show the BMC's
// message and tests can assert the MessageId.

export interface SimReply {
  status: number;
  body?: object;
  headers?: Record<string, string>;
}

const BASE = 'Base.1.8';

export function redfishError(status: number, messageId: string, message: string, headers?: Record<string, string>): SimReply {
  const id = `${BASE}.${messageId}`;
  return {
    status,
    headers,
    body: {
      error: {
        code: status >= 500 || status === 405 ? `${BASE}.GeneralError` : id,
        message,
        '@Message.ExtendedInfo': [
          {
            '@odata.type': '#Message.v1_1_1.Message',
            MessageId: id,
            Message: message,
            Severity: status >= 500 ? 'Critical' : 'Warning',
            Resolution: 'Correct the request and resubmit it.',
          },
        ],
      },
    },
  };
}

/** Thrown by handlers to answer with a Redfish error. */
export class SimHttpError extends Error {
  constructor(
    readonly reply: SimReply,
    message: string,
  ) {
    super(message);
  }
}

export function fail(status: number, messageId: string, message: string): never {
  throw new SimHttpError(redfishError(status, messageId, message), message);
}

export const notFound = (path: string): never => fail(404, 'ResourceMissingAtURI', `The resource at the URI ${path} was not found.`);
