import { DataSource } from 'typeorm';
import { RunWorker } from '../../../../src/pipeline/run/run-worker';
import { OutboxRelay } from '../../../../src/stages/export/outbox-relay';
import { startApp, testConfig } from '../../../support/test-app';
import { createTestDatabase, TestDatabase } from '../../../support/test-database';

/**
 * Shutdown stops the lifecycle before any global module's hook: the participants that use the
 * database (the run workers draining their runs, the outbox relay) stop while its pool is still
 * open. TypeORM's own module, global like the lifecycle's, closes the DataSource in its hook; when
 * that ran first, a run still draining at SIGTERM failed with "Connection terminated".
 */
describe('lifecycle shutdown: database users stop before the pool closes', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('finds the DataSource open when the pipeline and the outbox relay stop', async () => {
    const running = await startApp(testConfig({ DATABASE_URL: db.url }));
    const dataSource = running.app.get(DataSource);
    const seen: Record<string, boolean> = {};
    for (const [name, participant] of [['pipeline', running.app.get(RunWorker)], ['outbox', running.app.get(OutboxRelay)]] as const) {
      const stop = participant.stop.bind(participant);
      participant.stop = async () => {
        seen[name] = dataSource.isInitialized;
        await stop();
      };
    }
    await running.close();
    expect(seen).toEqual({ pipeline: true, outbox: true });
    expect(dataSource.isInitialized).toBe(false);
  });
});
