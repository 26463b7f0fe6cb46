import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AFRelationship, PDFDocument } from 'pdf-lib';
import { ParseError, extractFacturXml, parseDocument, parseDocumentAsync, validateDocumentAsync } from '../../../src/einvoice';
import { CORPUS_DIR } from '../../support/corpus';

const ciiBytes = readFileSync(path.join(CORPUS_DIR, 'examples', 'cii', 'CII_example1.xml'));

async function pdfWith(attachments: Array<{ name: string; bytes: Uint8Array }>): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('Invoice', { x: 50, y: 780 });
  for (const a of attachments) {
    await pdf.attach(a.bytes, a.name, { mimeType: 'text/xml', description: 'Factur-X invoice', afRelationship: AFRelationship.Alternative });
  }
  return pdf.save();
}

describe('Factur-X / ZUGFeRD extraction', () => {
  it('extracts the embedded CII from a real PDF built with pdf-lib attach() and parses it', async () => {
    const pdf = await pdfWith([
      { name: 'readme.txt', bytes: Buffer.from('not the invoice') },
      { name: 'factur-x.xml', bytes: ciiBytes },
    ]);
    const file = await extractFacturXml(pdf);
    expect(file.name).toBe('factur-x.xml');
    expect(Buffer.from(file.bytes).equals(ciiBytes)).toBe(true);

    const doc = await parseDocumentAsync(Buffer.from(pdf));
    expect(doc.container).toBe('pdf');
    expect(doc.syntax).toBe('CII');
    const direct = parseDocument(ciiBytes);
    expect(doc.invoice.id).toBe(direct.invoice.id);
    expect(doc.invoice.totals?.payable?.value?.toString()).toBe(direct.invoice.totals?.payable?.value?.toString());

    const report = await validateDocumentAsync(Buffer.from(pdf));
    expect(report).toMatchObject({ valid: true, syntax: 'CII', errors: [], warnings: [] });
  });

  it('falls back to any embedded .xml file (e.g. ZUGFeRD 1 names)', async () => {
    const pdf = await pdfWith([{ name: 'ZUGFeRD-invoice.xml', bytes: ciiBytes }]);
    expect((await parseDocumentAsync(Buffer.from(pdf))).syntax).toBe('CII');
  });

  it('reports a PDF without an embedded invoice as ParseError', async () => {
    const pdf = await pdfWith([]);
    await expect(parseDocumentAsync(Buffer.from(pdf))).rejects.toMatchObject({ name: 'ParseError', code: 'PDF_NO_INVOICE' });
  });

  it('reports a corrupt PDF as ParseError', async () => {
    const junk = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage');
    await expect(parseDocumentAsync(junk)).rejects.toBeInstanceOf(ParseError);
  });

  it('asks for the async API when the synchronous parser gets a PDF', async () => {
    const pdf = await pdfWith([{ name: 'factur-x.xml', bytes: ciiBytes }]);
    expect(() => parseDocument(Buffer.from(pdf))).toThrow(expect.objectContaining({ code: 'PDF_NEEDS_ASYNC' }));
  });
});
