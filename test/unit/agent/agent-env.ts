// Imported FIRST by agent unit tests: the agent's log module reads its file path at import time,
// and tests must not write to the host's /var/log.
import os from 'node:os';
import path from 'node:path';

process.env.TYR_AGENT_LOG_FILE ??= path.join(os.tmpdir(), `tyr-agent-unit-${process.pid}.log`);
