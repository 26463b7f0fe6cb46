import { ActivationQueueHealth } from '../../../../src/pipeline/activation/activation-queue.health';
import { RunGate } from '../../../../src/pipeline/activation/run-gate';

describe('activation queue health', () => {
  it('is degraded until the process joined the gate', async () => {
    const health = new ActivationQueueHealth(new RunGate());
    expect(await health.check()).toEqual({ status: 'degraded', message: 'new runs wait: joining the configuration gate' });
  });

  it('is healthy with no switch pending and degraded while one holds the gate', async () => {
    const gate = new RunGate();
    gate.setActive({ configId: 'c1', version: 1 });
    gate.open('joining');
    const health = new ActivationQueueHealth(gate);
    await gate.enter();
    expect(await health.check()).toEqual({ status: 'healthy', message: 'no activation pending; 1 run(s) in flight' });

    gate.close('switch');
    expect(await health.check()).toMatchObject({ status: 'degraded', message: expect.stringContaining('waiting for run(s) in flight to drain (1 here)') });

    gate.open('switch');
    gate.leave();
    expect((await health.check()).status).toBe('healthy');
    gate.close('lapsed');
    expect(await health.check()).toEqual({ status: 'degraded', message: 'new runs wait: the configuration gate lease ran out' });
    expect(health.optional).toBe(true);
  });
});
