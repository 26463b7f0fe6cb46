import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The large values of the invoice hot path are TOASTed with lz4 instead of pglz (issue 17): the
 * document (a 10 KB UBL invoice), the stage outputs (the parse output holds the canonical invoice,
 * ~5 KB of jsonb) and the outbox payload. Inserting 5 000 copies of a 10 KB invoice took
 * 1 056-1 724 ms with pglz and 242-287 ms with lz4 on the development machine, for about the same
 * size on disk (14 MB vs 15 MB). Existing values keep their compression until rewritten; no table
 * is rewritten here. A server built without lz4 (the embedded PGlite) keeps pglz.
 */
export class Lz4Compression1795400000040 implements MigrationInterface {
  name = 'Lz4Compression1795400000040';

  async up(q: QueryRunner): Promise<void> {
    await setCompression(q, 'lz4');
  }

  async down(q: QueryRunner): Promise<void> {
    await setCompression(q, 'pglz');
  }
}

const COLUMNS: ReadonlyArray<readonly [table: string, column: string]> = [
  ['invoices', 'document'],
  ['invoice_stage_results', 'output'],
  ['outbox_messages', 'payload'],
];

async function setCompression(q: QueryRunner, method: 'lz4' | 'pglz'): Promise<void> {
  const rows = (await q.query(
    `SELECT coalesce(bool_or($1 = ANY (enumvals)), false) AS ok FROM pg_settings WHERE name = 'default_toast_compression'`,
    [method],
  )) as Array<{ ok: boolean }>;
  if (!rows[0]?.ok) return;
  for (const [table, column] of COLUMNS) await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET COMPRESSION ${method}`);
}
