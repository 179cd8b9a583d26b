// Tells the dnsmasq supervisor which client Tyr's TFTP server served an iPXE binary to.
// tftp-server.ts has no read hook yet; it logs every served read as
// `log.info({client: "<ip>:<port>", file, size}, 'TFTP read')`, so this wraps the logger handed to
// startTftpServer and calls `onRead` for those lines. Replace with a direct hook when TFTP has one.
import type { Logger } from '../../log.js';

export function tapTftpReads(log: Logger, onRead: (clientAddress: string, file: string) => void): Logger {
  return new Proxy(log, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'info' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        const [obj, msg] = args as [{ client?: string; file?: string } | undefined, unknown];
        if (msg === 'TFTP read' && typeof obj?.client === 'string' && typeof obj.file === 'string') {
          onRead(obj.client.replace(/:\d+$/, ''), obj.file);
        }
        return (value as (...a: unknown[]) => void).apply(target, args);
      };
    },
  });
}
