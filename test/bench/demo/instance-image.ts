// Prints the lab's instance image (test/bench/lab/test-image.ts: a 32 MiB raw disk that boots and
// prints TYR-INSTANCE-BOOTED on its console) as one JSON line, building it when it is not cached.
// The demo runs this as a child process so that Ctrl-C can stop the build.
import { ensureTestImage } from '../lab/test-image.js';

process.stdout.write(`${JSON.stringify(ensureTestImage())}\n`);
