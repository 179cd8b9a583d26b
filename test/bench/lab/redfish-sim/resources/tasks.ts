// TaskService: Tasks (always 200, TaskState tells) and their monitors (202 while running, then the
// finished Task with 200), as a client follows an update.
import type { SimContext } from '../context.js';
import { notFound } from '../errors.js';
import { ENABLED, collection, link, ok, resource } from '../odata.js';
import { param, type Route, type SimRequest } from '../router.js';
import type { SimTask } from '../tasks.js';

const SERVICE = '/redfish/v1/TaskService';
const TASKS = `${SERVICE}/Tasks`;
export const MONITORS = `${SERVICE}/TaskMonitors`;

function taskBody(task: SimTask) {
  return resource(`${TASKS}/${task.id}`, '#Task.v1_4_3.Task', {
    Id: task.id,
    Name: task.name,
    TaskState: task.state,
    TaskStatus: task.state === 'Exception' ? 'Critical' : 'OK',
    PercentComplete: task.percent,
    StartTime: task.startTime,
    ...(task.endTime ? { EndTime: task.endTime } : {}),
    TaskMonitor: `${MONITORS}/${task.id}`,
    Messages: task.messages,
  });
}

export function taskRoutes(ctx: SimContext): Route[] {
  const find = (req: SimRequest) => ctx.tasks.get(param(req, 'id')) ?? notFound(req.path);
  return [
    {
      path: SERVICE,
      handlers: {
        GET: () =>
          ok(
            resource(SERVICE, '#TaskService.v1_1_4.TaskService', {
              Id: 'TaskService',
              Name: 'Task Service',
              ServiceEnabled: true,
              CompletedTaskOverWritePolicy: 'Oldest',
              Tasks: link(TASKS),
              Status: ENABLED,
            }),
          ),
      },
    },
    {
      path: TASKS,
      handlers: {
        GET: () =>
          ok(
            collection(
              TASKS,
              '#TaskCollection.TaskCollection',
              'Tasks',
              ctx.tasks.list().map((t) => `${TASKS}/${t.id}`),
            ),
          ),
      },
    },
    { path: `${TASKS}/:id`, handlers: { GET: (req) => ok(taskBody(find(req))) } },
    {
      path: `${MONITORS}/:id`,
      handlers: {
        GET: (req) => {
          const task = find(req);
          const running = task.state === 'New' || task.state === 'Running';
          if (!running) return ok(taskBody(task));
          // No Retry-After: sushy 4.3.3 hands a numeric one to time.sleep() as a string and crashes.
          return { status: 202, headers: { Location: `${MONITORS}/${task.id}` }, body: taskBody(task) };
        },
      },
    },
  ];
}
