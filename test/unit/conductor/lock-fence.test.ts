// The lock fence: a conductor that lost a node's lock (another conductor took the node over
// after this one missed its heartbeats) cannot write the node any more. Its saves and state
// transitions fail with NodeLockLost, and the new owner's state stays as it left it.
import { expect } from 'chai';
import { NodeLockLost } from '../../../core/errors.js';
import { harness, type Harness } from './helpers.js';

describe('conductor: writes need the lock still held', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('a task whose lock was taken over fails its save and transition with NodeLockLost and changes nothing', async () => {
    h = await harness();
    const node = await h.createNode({ provision_state: 'available' });
    const task = await h.conductor.ctx.tasks.tryExclusive(node);
    expect(task, 'the lock is free').to.not.equal(undefined);
    await task!.save({ extra: { step: 'ours' } });

    // What a survivor's takeover does: fail the node and clear the lock, conditional on the holder.
    const survivorView = await h.store.nodes.releaseWith(node.id, 'test-conductor', {
      provision_state: 'deploy failed',
      last_error: 'taken over',
    });
    expect(survivorView?.reservation).to.equal(null);
    await h.store.nodes.reserve(node.id, 'survivor');

    const save = await task!.save({ extra: { step: 'stale' } }).catch((e: unknown) => e);
    expect(save).to.be.instanceOf(NodeLockLost);
    expect((save as NodeLockLost).status).to.equal(409);
    expect((save as Error).message)
      .to.contain(node.uuid)
      .and.contain('test-conductor');
    const transition = await task!.transition('deploy').catch((e: unknown) => e);
    expect(transition).to.be.instanceOf(NodeLockLost);

    const now = await h.store.nodes.getById(node.id);
    expect(now).to.include({ provision_state: 'deploy failed', last_error: 'taken over', reservation: 'survivor' });
    expect(now.extra).to.deep.equal({ step: 'ours' });
    // Releasing the lost lock must not free the survivor's.
    await task!.release();
    expect((await h.store.nodes.getById(node.id)).reservation).to.equal('survivor');
  });

  it('a task that still holds its lock writes as before', async () => {
    h = await harness();
    const node = await h.createNode({ provision_state: 'available' });
    const task = (await h.conductor.ctx.tasks.tryExclusive(node))!;
    await task.save({ extra: { ok: true } });
    await task.transition('deploy');
    await task.release();
    expect(await h.store.nodes.getById(node.id)).to.include({ provision_state: 'deploying', reservation: null });
  });
});
