import { useMigratedDatabase } from '../../support/migrated-data-source';

const SHA = 'a'.repeat(64);

/** The rules hold in PostgreSQL itself, whatever code writes the rows. */
describe('invoice table invariants', () => {
  const database = useMigratedDatabase();

  const insert = (values: Partial<Record<'tenant_id' | 'status' | 'content_type' | 'document' | 'sha' | 'size', unknown>>) =>
    database.dataSource.query(
      `INSERT INTO invoices (tenant_id, status, content_type, document, document_sha256, size_bytes)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        values.tenant_id ?? 'default',
        values.status ?? 'received',
        values.content_type ?? 'application/xml',
        values.document ?? Buffer.from('<Invoice/>'),
        values.sha ?? SHA,
        values.size ?? 10,
      ],
    );

  it('accepts a well-formed row for the default tenant', async () => {
    await expect(insert({})).resolves.toHaveLength(1);
  });

  it.each([
    ['an unknown status', { status: 'lost' }, 'invoices_status_valid'],
    ['an unknown content type', { content_type: 'text/plain' }, 'invoices_content_type_valid'],
    ['an empty document', { document: Buffer.alloc(0), size: 0 }, 'invoices_document_not_empty'],
    ['a digest that is not hex SHA-256', { sha: 'Z'.repeat(64) }, 'invoices_sha256_hex'],
    ['a size that does not match the document', { size: 11 }, 'invoices_size_matches_document'],
    ['an unknown tenant', { tenant_id: 'nobody' }, 'invoices_tenant_fk'],
  ])('refuses %s', async (_label, values, constraint) => {
    await expect(insert(values)).rejects.toMatchObject({ constraint });
  });
});
