import { RunGate } from '../../../../src/pipeline/activation/run-gate';
import { RunTracker } from '../../../../src/pipeline/activation/run-tracker';
import type { ConfigurationsService } from '../../../../src/pipeline/configurations/configurations.service';
import { PipelineConfig } from '../../../../src/pipeline/pipeline.config';

/** The active version a run binds to: read once per cache period, and never stale after a local switch. */
describe('RunTracker active version', () => {
  let active: { configId: string; version: number };
  let reads: number;
  const configurations = {
    activeRef: async () => {
      reads++;
      return { ...active };
    },
    get: async (configId: string) => ({ configId, selections: [{ stageId: 'parse', moduleId: `parser-of-${configId}`, settings: {} }] }),
  } as unknown as ConfigurationsService;

  const tracker = (cacheMs: number) => {
    const gate = new RunGate();
    const config = Object.assign(new PipelineConfig(), { activeVersionCacheMs: cacheMs });
    return { gate, tracker: new RunTracker(gate, configurations, config) };
  };
  const run = async (t: RunTracker) => {
    const ticket = await t.begin();
    ticket.end();
    return `${ticket.configId}@${ticket.configVersion}:${ticket.selections[0].moduleId}`;
  };

  beforeEach(() => {
    active = { configId: 'c1', version: 1 };
    reads = 0;
  });

  it('reads the active version once for the runs of a cache period', async () => {
    const { tracker: t } = tracker(60_000);
    expect([await run(t), await run(t), await run(t)]).toEqual(['c1@1:parser-of-c1', 'c1@1:parser-of-c1', 'c1@1:parser-of-c1']);
    expect(reads).toBe(1);
  });

  it('reads it again for the first run after a switch in this process, however young the cache', async () => {
    const { gate, tracker: t } = tracker(60_000);
    expect(await run(t)).toBe('c1@1:parser-of-c1');
    const token = gate.tryClose()!;
    active = { configId: 'c2', version: 2 };
    gate.reopen(token);
    expect(await run(t)).toBe('c2@2:parser-of-c2');
    expect(reads).toBe(2);
  });

  it('with a cache period of 0, reads it for every run (what another replica’s activation relies on)', async () => {
    const { tracker: t } = tracker(0);
    await run(t);
    active = { configId: 'c3', version: 3 };
    expect(await run(t)).toBe('c3@3:parser-of-c3');
    expect(reads).toBe(2);
  });
});
