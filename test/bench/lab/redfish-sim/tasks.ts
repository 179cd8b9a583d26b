// Long-running BMC operations (firmware updates) as Redfish tasks. A task runs a promise; its
// monitor answers 202 while it runs and the finished Task after. No timers unless a task runs.

export type TaskState = 'New' | 'Running' | 'Completed' | 'Exception';

export interface SimTask {
  id: string;
  name: string;
  state: TaskState;
  percent: number;
  startTime: string;
  endTime: string | null;
  messages: { MessageId: string; Message: string; Severity: 'OK' | 'Critical' }[];
}

export class SimTasks {
  private readonly tasks = new Map<string, SimTask>();
  private nextId = 1;

  /** Starts `work`; it resolves to the success message or throws the failure. */
  start(name: string, work: () => Promise<string>): SimTask {
    const task: SimTask = {
      id: String(this.nextId++),
      name,
      state: 'Running',
      percent: 0,
      startTime: new Date().toISOString(),
      endTime: null,
      messages: [],
    };
    this.tasks.set(task.id, task);
    work().then(
      (message) => this.finish(task, 'Completed', { MessageId: 'Base.1.8.Success', Message: message, Severity: 'OK' }),
      (err: unknown) =>
        this.finish(task, 'Exception', {
          MessageId: 'Base.1.8.GeneralError',
          Message: err instanceof Error ? err.message : String(err),
          Severity: 'Critical',
        }),
    );
    return task;
  }

  get(id: string): SimTask | undefined {
    return this.tasks.get(id);
  }

  list(): SimTask[] {
    return [...this.tasks.values()];
  }

  private finish(task: SimTask, state: TaskState, message: SimTask['messages'][number]): void {
    task.state = state;
    task.percent = 100;
    task.endTime = new Date().toISOString();
    task.messages.push(message);
  }
}
