// Commands and their results. Extensions register named commands ("standby.sync"); the runner
// starts one, records it in the results store, and tells the HTTP layer when it has ended.
// As in IPA, one command changes the machine at a time: another while one runs is refused (409);
// read-only commands are the exception.
import { randomUUID } from 'node:crypto';
import type { Activity } from '../activity.js';
import { log } from '../log.js';
import type { CommandResult } from '../../protocol/agent-wire.js';

export type Params = Record<string, unknown>;

export interface CommandOutcome {
  result: Record<string, unknown> | null;
  /** Runs once the command has ended AND its HTTP reply is sent (power off, reboot). */
  afterReply?: () => void | Promise<void>;
}

export interface Command {
  /**
   * Reads only (logs, step lists): may run while another command is busy. Collecting logs is
   * most needed exactly when a long command hangs.
   */
  readOnly?: boolean;
  /** Throws InvalidParamsError for params a caller must fix; runs before the command starts. */
  validate?(params: Params): void;
  run(params: Params): Promise<CommandOutcome>;
}

export interface Extension {
  name: string;
  commands: Record<string, Command>;
}

/** A request the agent refuses before running anything; carries its HTTP status. */
export class CommandRequestError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export class InvalidParamsError extends CommandRequestError {
  constructor(message: string) {
    super(400, 'InvalidCommandParamsError', message);
  }
}

export class ExtensionRegistry {
  private readonly extensions = new Map<string, Extension>();

  register(extension: Extension): void {
    if (this.extensions.has(extension.name)) throw new Error(`extension ${extension.name} registered twice`);
    this.extensions.set(extension.name, extension);
  }

  find(name: string): Command {
    const [extName = '', cmdName = '', ...rest] = name.split('.');
    const ext = this.extensions.get(extName);
    // hasOwn: "standby.constructor" must not reach Object.prototype.
    if (rest.length > 0 || !ext || !Object.hasOwn(ext.commands, cmdName)) {
      throw new CommandRequestError(
        404,
        'UnknownCommandError',
        `unknown command ${JSON.stringify(name)}: known commands are ${this.names().join(', ')}`,
      );
    }
    return ext.commands[cmdName]!;
  }

  names(): string[] {
    return [...this.extensions.values()].flatMap((e) => Object.keys(e.commands).map((c) => `${e.name}.${c}`)).sort();
  }
}

export interface Started {
  /** Live record: its status changes when the command ends. */
  record: CommandResult;
  done: Promise<CommandOutcome | null>;
}

export class CommandRunner {
  private readonly results = new Map<string, CommandResult>();

  /** `activity` learns when a command starts and ends (heartbeats report it). */
  constructor(
    private readonly registry: ExtensionRegistry,
    private readonly activity?: Activity,
  ) {}

  start(name: unknown, params: unknown): Started {
    if (typeof name !== 'string' || name === '') throw new InvalidParamsError('the body needs "name": "<extension>.<command>"');
    if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
      throw new InvalidParamsError('"params" must be a JSON object');
    }
    const command = this.registry.find(name);
    const p = (params ?? {}) as Params;
    command.validate?.(p);
    const running = [...this.results.values()].find((r) => r.command_status === 'RUNNING');
    if (running && !command.readOnly) {
      throw new CommandRequestError(
        409,
        'AgentIsBusy',
        `the agent is busy with ${running.command_name} (${running.id}); retry when it has ended`,
      );
    }
    const record: CommandResult = {
      id: randomUUID(),
      command_name: name,
      command_params: p,
      command_status: 'RUNNING',
      command_error: null,
      command_result: null,
    };
    this.results.set(record.id, record);
    this.activity?.begin(name);
    const done = Promise.resolve()
      .then(() => command.run(p))
      .finally(() => this.activity?.end())
      .then(
        (outcome) => {
          record.command_status = 'SUCCEEDED';
          record.command_result = outcome.result;
          return outcome;
        },
        (err: unknown) => {
          const e = err instanceof Error ? err : new Error(String(err));
          record.command_status = 'FAILED';
          // The stack stays in the agent's log: the core copies details into last_error, which
          // operators read.
          log.error(`command ${record.command_name} failed: ${e.stack ?? e.message}`);
          record.command_error = { type: e.constructor.name, message: e.message, code: 500, details: e.message };
          return null;
        },
      );
    return { record, done };
  }

  list(): CommandResult[] {
    return [...this.results.values()];
  }

  get(id: string): CommandResult | undefined {
    return this.results.get(id);
  }
}
