// The logger tests hand to the components they build: silent, since a test reads state rather
// than log lines (tests about log lines build their own with a capturing destination).
import { createLogger, type Logger } from '../../core/log.js';

export function testLogger(): Logger {
  return createLogger('silent');
}
