// Node events raised inside this process that the database cannot show the stream: a deletion
// leaves no row to poll. The API's delete path calls nodeDeleted (ApiDeps.onNodeDeleted); the
// change stream listens. One bus per composition root, never a module-level singleton.
import { EventEmitter } from 'node:events';

export class NodeEventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per API process's stream, plus tests: no leak warning at the default of 10.
    this.emitter.setMaxListeners(0);
  }

  nodeDeleted(uuid: string): void {
    this.emitter.emit('deleted', uuid);
  }

  onDeleted(listener: (uuid: string) => void): () => void {
    this.emitter.on('deleted', listener);
    return () => this.emitter.off('deleted', listener);
  }
}
