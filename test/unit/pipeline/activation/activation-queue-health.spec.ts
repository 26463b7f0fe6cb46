import { ActivationQueueHealth } from '../../../../src/pipeline/activation/activation-queue.health';
import { RunGate } from '../../../../src/pipeline/activation/run-gate';

describe('activation queue health', () => {
  it('is healthy with no switch pending and degraded while one holds the gate', async () => {
    const gate = new RunGate();
    const health = new ActivationQueueHealth(gate);
    await gate.enter();
    expect(await health.check()).toEqual({ status: 'healthy', message: 'no activation pending; 1 run(s) in flight' });

    const token = gate.tryClose();
    expect(token).not.toBeNull();
    expect(await health.check()).toMatchObject({ status: 'degraded', message: expect.stringContaining('waiting for 1 run(s)') });

    gate.reopen(token!);
    gate.leave();
    expect((await health.check()).status).toBe('healthy');
    expect(health.optional).toBe(true);
  });
});
