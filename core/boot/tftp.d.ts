// The part of the `tftp` package Tyr uses (it ships no types).
declare module 'tftp' {
  import type { EventEmitter } from 'node:events';
  interface ServerOptions {
    host?: string;
    port?: number;
    root?: string;
    denyGET?: boolean;
    denyPUT?: boolean;
    blockSize?: number;
    windowSize?: number;
  }
  interface Server extends EventEmitter {
    listen(): void;
    close(): void;
  }
  interface ClientOptions {
    host?: string;
    port?: number;
    blockSize?: number;
    windowSize?: number;
    retries?: number;
    timeout?: number;
  }
  interface Client {
    get(remote: string, local: string, cb: (err?: Error) => void): void;
    put(local: string, remote: string, cb: (err?: Error) => void): void;
    createGetStream(remote: string): NodeJS.ReadableStream & EventEmitter;
  }
  /** One transfer a client asked for. */
  export interface Request {
    method: 'GET' | 'PUT';
    file: string;
    stats: { remoteAddress: string; remotePort: number };
    abort(message?: string): void;
    on(event: string, fn: (...args: unknown[]) => void): void;
  }
  /** The file's way to the client: a writable stream that announces the size first. */
  export interface Response extends NodeJS.WritableStream {
    setSize(size: number): void;
  }
  const tftp: {
    createServer(options: ServerOptions, listener: (req: Request, res: Response) => void): Server;
    createClient(options: ClientOptions): Client;
  };
  export default tftp;
}
