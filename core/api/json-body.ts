// The one JSON body parser of Tyr's express apps (the API, conductor RPC): express.json with a
// bound on nesting, checked on the raw bytes before parsing, so a hostile body is a 400 and never
// reaches code that recurses over it.
import express, { type RequestHandler } from 'express';
import { jsonDepth, MAX_JSON_DEPTH, tooDeepMessage } from '../../protocol/json-depth.js';
import { InvalidParameterValue } from '../errors.js';

export interface JsonBodyOptions {
  /** Largest body, as express.json takes it ("1mb", or bytes). */
  limit: string | number;
  /**
   * Content types parsed as JSON (default application/json); 'any' parses every body, whatever
   * it claims to be (IPA posts its inspection data with requests' data=, which sends no type).
   */
  type?: string[] | 'any';
}

export function jsonBody(opts: JsonBodyOptions): RequestHandler {
  return express.json({
    limit: opts.limit,
    strict: false,
    type: opts.type === 'any' ? () => true : (opts.type ?? ['application/json']),
    verify: (_req, _res, buf) => {
      if (jsonDepth(buf.toString('utf8')) > MAX_JSON_DEPTH) throw new InvalidParameterValue(tooDeepMessage());
    },
  });
}
