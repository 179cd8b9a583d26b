// API microversion negotiation over X-OpenStack-Ironic-API-Version, as Ironic does it: no header
// means the minimum (1.1), "latest" means the maximum, anything outside the range is a 406.
import type { RequestHandler, Request } from 'express';
import { NotAcceptable, NotFound } from '../errors.js';

export const MIN_VERSION = { major: 1, minor: 1 };
export const MAX_VERSION = { major: 1, minor: 82 };
export const VERSION_HEADER = 'X-OpenStack-Ironic-API-Version';
const fmt = (v: { major: number; minor: number }) => `${v.major}.${v.minor}`;
export const MIN_VERSION_STRING = fmt(MIN_VERSION);
export const MAX_VERSION_STRING = fmt(MAX_VERSION);

/** The negotiated minor version of the request (major is always 1). */
export function minorOf(req: Request): number {
  return (req as Request & { apiMinor?: number }).apiMinor ?? MIN_VERSION.minor;
}

/** Throws the 406 Ironic gives when a field or parameter is newer than the request's version. */
export function requireVersion(req: Request, minor: number, what: string): void {
  if (minorOf(req) < minor) {
    throw new NotAcceptable(
      `${what} requires API version 1.${minor} or later; this request used 1.${minorOf(req)}. Send the header ${VERSION_HEADER}: 1.${minor} (or "latest").`,
    );
  }
}

/**
 * For whole endpoints newer than the request's version Ironic answers 404, as if they did not
 * exist (fields and filters get 406, see requireVersion).
 */
export function requireEndpointVersion(req: Request, minor: number, what: string): void {
  if (minorOf(req) < minor) {
    throw new NotFound(
      `${what} does not exist in API version 1.${minorOf(req)}; it appeared in 1.${minor}. Send the header ${VERSION_HEADER}: 1.${minor} (or "latest").`,
    );
  }
}

/**
 * Tyr's own clients (its CLI, client library, Nova shim) send this header to reach endpoints that
 * Ironic introduced after Tyr's maximum version (firmware 1.86, inspection rules 1.96) and that
 * Tyr already serves. Ironic's clients never send it, so at any version they negotiate they get
 * exactly what Ironic answers: these endpoints do not exist for them.
 */
export const TYR_EXTENSIONS_HEADER = 'X-Tyr-Extensions';

/** An endpoint newer than Tyr's maximum: 404 unless the caller is a Tyr client asking for it. */
export function requireNewerEndpoint(req: Request, minor: number, what: string): void {
  if (req.header(TYR_EXTENSIONS_HEADER) === '1') return;
  if (minorOf(req) < minor) {
    throw new NotFound(
      `${what} does not exist in API version 1.${minorOf(req)}; Ironic introduced it in 1.${minor}, beyond this service's maximum 1.${MAX_VERSION.minor}. Tyr's own clients reach it with the header ${TYR_EXTENSIONS_HEADER}: 1.`,
    );
  }
}

/** A Tyr-only endpoint Ironic never had (node sensors): 404, as Ironic answers, unless a Tyr client asks. */
export function requireTyrExtension(req: Request, what: string): void {
  if (req.header(TYR_EXTENSIONS_HEADER) === '1') return;
  throw new NotFound(
    `${what} is a Tyr extension, not part of Ironic's API; Tyr's own clients reach it with the header ${TYR_EXTENSIONS_HEADER}: 1.`,
  );
}

export function parseVersion(header: string | undefined): number {
  if (header === undefined || header === '') return MIN_VERSION.minor;
  const value = header.trim().toLowerCase();
  if (value === 'latest') return MAX_VERSION.minor;
  const m = /^(\d+)\.(\d+)$/.exec(value);
  if (!m) {
    throw new NotAcceptable(
      `Invalid value for ${VERSION_HEADER} header: "${header}". Use a version such as 1.${MAX_VERSION.minor}, or "latest".`,
    );
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major !== 1 || minor < MIN_VERSION.minor || minor > MAX_VERSION.minor) {
    throw new NotAcceptable(
      `Version ${value} was requested but the minor version is not supported by this service. The supported version range is: [${MIN_VERSION_STRING}, ${MAX_VERSION_STRING}].`,
    );
  }
  return minor;
}

export const negotiateVersion: RequestHandler = (req, res, next) => {
  res.setHeader(`${VERSION_HEADER.replace('-Version', '-Minimum-Version')}`, MIN_VERSION_STRING);
  res.setHeader(`${VERSION_HEADER.replace('-Version', '-Maximum-Version')}`, MAX_VERSION_STRING);
  try {
    const minor = parseVersion(req.header(VERSION_HEADER));
    (req as Request & { apiMinor?: number }).apiMinor = minor;
    res.setHeader(VERSION_HEADER, `1.${minor}`);
    res.setHeader('Vary', VERSION_HEADER);
    next();
  } catch (err) {
    next(err);
  }
};
