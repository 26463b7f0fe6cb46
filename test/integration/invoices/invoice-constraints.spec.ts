import { INVOICE_MEDIA_TYPES, INVOICE_STATUSES } from '../../../src/invoices/entities/invoice.entity';
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
    // The digest's rule (migration 1795400000185: a length and a character class, as ^[0-9a-f]{64}$ asked it).
    ['a digest in capital hex', { sha: 'A'.repeat(64) }, 'invoices_sha256_hex'],
    ['a digest of 63 hex digits', { sha: 'a'.repeat(63) }, 'invoices_sha256_hex'],
    ['a digest with one non-hex character at the end', { sha: `${'a'.repeat(63)}g` }, 'invoices_sha256_hex'],
    ['a digest that ends in a newline', { sha: `${'a'.repeat(63)}\n` }, 'invoices_sha256_hex'],
    ['a size that does not match the document', { size: 11 }, 'invoices_size_matches_document'],
    ['an unknown tenant', { tenant_id: 'nobody' }, 'invoices_tenant_fk'],
  ])('refuses %s', async (_label, values, constraint) => {
    await expect(insert(values)).rejects.toMatchObject({ constraint });
  });

  // One CHECK asks all of the row's rules since migration 1795400000184; a violation still carries
  // the SQLSTATE, table and name of the rule's own former constraint.
  it('names the rule a refused row broke, as a check violation of the table', async () => {
    await expect(insert({ status: 'lost' })).rejects.toMatchObject({
      code: '23514',
      table: 'invoices',
      constraint: 'invoices_status_valid',
      message: 'new row for relation "invoices" violates check constraint "invoices_status_valid"',
    });
  });

  it('accepts a digest of any of the sixteen lower-case hex digits', async () => {
    await expect(insert({ sha: '0123456789abcdef'.repeat(4) })).resolves.toHaveLength(1);
  });

  it('accepts every status and media type the service knows', async () => {
    for (const status of INVOICE_STATUSES) await expect(insert({ status })).resolves.toHaveLength(1);
    for (const contentType of INVOICE_MEDIA_TYPES) await expect(insert({ content_type: contentType })).resolves.toHaveLength(1);
  });

  it('asks the rules of an update too: a currency is three capital letters, or none', async () => {
    const [{ id }] = await insert({});
    const setCurrency = (currency: string | null) => database.dataSource.query(`UPDATE invoices SET currency = $2 WHERE id = $1`, [id, currency]);
    await expect(setCurrency('EUR')).resolves.toBeDefined();
    await expect(setCurrency(null)).resolves.toBeDefined();
    await expect(setCurrency('eur')).rejects.toMatchObject({ code: '23514', constraint: 'invoices_currency_code' });
    await expect(database.dataSource.query(`UPDATE invoices SET status = 'lost' WHERE id = $1`, [id])).rejects.toMatchObject({ constraint: 'invoices_status_valid' });
    await expect(database.dataSource.query(`UPDATE invoices SET size_bytes = size_bytes + 1 WHERE id = $1`, [id])).rejects.toMatchObject({ constraint: 'invoices_size_matches_document' });
  });

  it('reports the first broken rule by its former constraint name, as PostgreSQL ordered them', async () => {
    // Both the media type and the status are wrong: content_type_valid comes first by name.
    await expect(insert({ content_type: 'text/plain', status: 'lost' })).rejects.toMatchObject({ constraint: 'invoices_content_type_valid' });
  });
});
