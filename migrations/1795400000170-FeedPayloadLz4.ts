import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The export feed's payload (the canonical invoice with its decision, ~5 KB of jsonb per processed
 * invoice, written with every run's result) is TOASTed with lz4 like the other large values of the
 * hot path (1795400000040-Lz4Compression, which predates the feed). 3 000 inserts of the bench's
 * payload: pglz 110-133 ms, lz4 26-34 ms (2.1 KB and 2.4 KB stored). Existing values keep their
 * compression until rewritten; no table is rewritten here. A server built without lz4 (the
 * embedded PGlite) keeps pglz.
 */
export class FeedPayloadLz41795400000170 implements MigrationInterface {
  name = 'FeedPayloadLz41795400000170';

  async up(q: QueryRunner): Promise<void> {
    await setCompression(q, 'lz4');
  }

  async down(q: QueryRunner): Promise<void> {
    await setCompression(q, 'pglz');
  }
}

async function setCompression(q: QueryRunner, method: 'lz4' | 'pglz'): Promise<void> {
  const rows = (await q.query(
    `SELECT coalesce(bool_or($1 = ANY (enumvals)), false) AS ok FROM pg_settings WHERE name = 'default_toast_compression'`,
    [method],
  )) as Array<{ ok: boolean }>;
  if (!rows[0]?.ok) return;
  await q.query(`ALTER TABLE export_feed_entries ALTER COLUMN payload SET COMPRESSION ${method}`);
}
