// What the resource handlers of one sim share.
import type { SimAuth } from './auth.js';
import type { SimMachine } from './machine.js';
import type { SimTasks } from './tasks.js';

export interface SimContext {
  systemId: string;
  systemPath: string;
  machine: SimMachine;
  auth: SimAuth;
  tasks: SimTasks;
}
