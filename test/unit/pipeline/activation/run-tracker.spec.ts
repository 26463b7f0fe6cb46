import { RunGate } from '../../../../src/pipeline/activation/run-gate';
import { RunTracker } from '../../../../src/pipeline/activation/run-tracker';
import type { ConfigurationsService } from '../../../../src/pipeline/configurations/configurations.service';

/** A run binds to the gate's version without a database round trip; selections are read once per version. */
describe('RunTracker', () => {
  let gets: string[];
  const configurations = {
    get: async (configId: string) => {
      gets.push(configId);
      return { configId, selections: [{ stageId: 'parse', moduleId: `parser-of-${configId}`, settings: {} }] };
    },
  } as unknown as ConfigurationsService;

  const joined = (ref = { configId: 'c1', version: 1 }) => {
    const gate = new RunGate();
    gate.setActive(ref);
    gate.open('joining');
    return { gate, tracker: new RunTracker(gate, configurations) };
  };
  const run = async (t: RunTracker) => {
    const ticket = await t.begin();
    ticket.end();
    return `${ticket.configId}@${ticket.configVersion}:${ticket.selections[0].moduleId}`;
  };

  beforeEach(() => (gets = []));

  it('binds runs to the gate’s version and reads a version’s selections once', async () => {
    const { tracker } = joined();
    expect([await run(tracker), await run(tracker), await run(tracker)]).toEqual(['c1@1:parser-of-c1', 'c1@1:parser-of-c1', 'c1@1:parser-of-c1']);
    expect(gets).toEqual(['c1']);
  });

  it('admits nothing before the process joined the gate', async () => {
    const gate = new RunGate();
    const tracker = new RunTracker(gate, configurations);
    let admitted = false;
    const waiting = tracker.begin().then((ticket) => {
      admitted = true;
      return ticket;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(admitted).toBe(false);
    gate.setActive({ configId: 'c9', version: 9 });
    gate.open('joining');
    expect((await waiting).configVersion).toBe(9);
  });

  it('holds runs while a switch closes the gate and starts them on the version it reopens with', async () => {
    const { gate, tracker } = joined();
    const inFlight = await tracker.begin();
    gate.close('switch');
    const drained = jest.fn();
    gate.whenDrained(drained);
    const waiting = tracker.begin();
    expect(gate.runsInFlight).toBe(1);
    inFlight.end();
    inFlight.end(); // idempotent
    expect(drained).toHaveBeenCalledTimes(1);
    expect(gate.runsInFlight).toBe(0);
    gate.setActive({ configId: 'c2', version: 2 });
    gate.open('switch');
    const next = await waiting;
    expect(`${next.configId}@${next.configVersion}:${next.selections[0].moduleId}`).toBe('c2@2:parser-of-c2');
    expect(gate.runsInFlight).toBe(1);
    next.end();
  });

  it('stays closed while any reason holds it', async () => {
    const { gate, tracker } = joined();
    gate.close('switch');
    gate.close('lapsed');
    let admitted = false;
    const waiting = tracker.begin().then((ticket) => {
      admitted = true;
      ticket.end();
    });
    gate.open('switch');
    await Promise.resolve();
    await Promise.resolve();
    expect(admitted).toBe(false);
    expect(gate.reasons).toEqual(['lapsed']);
    gate.open('lapsed');
    await waiting;
    expect(admitted).toBe(true);
  });
});
