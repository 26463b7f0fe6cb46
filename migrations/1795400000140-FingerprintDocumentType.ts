import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The document type is part of the duplicate key (issue 20): an invoice and the credit note that
 * cancels it share supplier, number, date and total as often as not, and are not duplicates of each
 * other. Existing fingerprints were all taken as invoices' and keep that type; a credit note that an
 * existing fingerprint shadowed is judged correctly on its next run.
 */
export class FingerprintDocumentType1795400000140 implements MigrationInterface {
  name = 'FingerprintDocumentType1795400000140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoice_fingerprints ADD COLUMN document_type text NOT NULL DEFAULT 'Invoice'
                     CONSTRAINT invoice_fingerprints_document_type_check CHECK (document_type IN ('Invoice', 'CreditNote'))`);
    await q.query(`ALTER TABLE invoice_fingerprints ALTER COLUMN document_type DROP DEFAULT`);
    await q.query(`ALTER TABLE invoice_fingerprints DROP CONSTRAINT invoice_fingerprints_unique`);
    await q.query(`ALTER TABLE invoice_fingerprints ADD CONSTRAINT invoice_fingerprints_unique
                     UNIQUE (tenant_id, supplier_key, document_type, invoice_number, issue_date, total)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Credit notes whose key equals an invoice's cannot survive the old key: they go first.
    await q.query(`DELETE FROM invoice_fingerprints c WHERE c.document_type = 'CreditNote' AND EXISTS (
                     SELECT 1 FROM invoice_fingerprints i WHERE i.document_type = 'Invoice' AND i.tenant_id = c.tenant_id
                        AND i.supplier_key = c.supplier_key AND i.invoice_number = c.invoice_number
                        AND i.issue_date = c.issue_date AND i.total = c.total)`);
    await q.query(`ALTER TABLE invoice_fingerprints DROP CONSTRAINT invoice_fingerprints_unique`);
    await q.query(`ALTER TABLE invoice_fingerprints DROP COLUMN document_type`);
    await q.query(`ALTER TABLE invoice_fingerprints ADD CONSTRAINT invoice_fingerprints_unique
                     UNIQUE (tenant_id, supplier_key, invoice_number, issue_date, total)`);
  }
}
