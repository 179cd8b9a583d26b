// Runs the test image server in its own process (benchmarks: the server must not share an
// event loop with the writer being measured). argv: name=file pairs; prints its base URL.
import { startImageServer } from './image-server.js';

const files = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=', 2) as [string, string]));
const server = await startImageServer(files);
console.log(server.url(''));
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
