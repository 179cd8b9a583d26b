// The ring's hashing worker: digests each slot in order and answers "done" so the slot can be
// reused; on "end" it answers with the hex digest.
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { HashReply, HashWorkerData, RingMessage } from './ring-protocol.js';

const data = workerData as HashWorkerData;
const port = parentPort!;
const hash = createHash(data.algo);
const ring = new Uint8Array(data.ring);

const reply = (m: HashReply): void => port.postMessage(m);

port.on('message', (m: RingMessage) => {
  if ('end' in m) return reply({ digest: hash.digest('hex') });
  hash.update(ring.subarray(m.at, m.at + m.length));
  reply({ slot: m.slot });
});
