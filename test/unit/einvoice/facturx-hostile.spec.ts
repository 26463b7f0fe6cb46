import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractFacturXml, LimitExceededError, ParseError, parseDocumentAsync } from '../../../src/einvoice';
import { hostilePdfs, HostilePdf } from '../../support/hostile-cases';
import { CORPUS_DIR } from '../../support/corpus';

const cii = readFileSync(path.join(CORPUS_DIR, 'examples', 'cii', 'CII_example1.xml'));

/**
 * Broken and hostile PDFs are the sender's mistake: every one ends in a ParseError or a
 * LimitExceededError (a verdict), never a TypeError or a stack overflow, and none takes long.
 */
describe('Factur-X extraction of hostile PDFs', () => {
  let pdfs: HostilePdf[];
  const pdf = (name: string) => {
    const found = pdfs.find((p) => p.name === name);
    if (!found) throw new Error(`no hostile PDF ${name}`);
    return found.bytes;
  };

  beforeAll(async () => {
    pdfs = await hostilePdfs(cii);
  });

  it('refuses every malformed or hostile PDF with a ParseError or LimitExceededError', async () => {
    const outcomes: Record<string, string> = {};
    for (const { name, bytes } of pdfs) {
      try {
        await parseDocumentAsync(bytes);
        outcomes[name] = 'parsed';
      } catch (error) {
        outcomes[name] = error instanceof ParseError || error instanceof LimitExceededError ? 'refused' : `${(error as Error).name}: ${(error as Error).message}`;
      }
    }
    // The valid invoices among them still parse: junk before the header, a 4 MB subject.
    expect(outcomes).toMatchObject({ 'pdf-header-after-junk': 'parsed', 'pdf-huge-4mb': 'parsed' });
    const unexpected = Object.entries(outcomes).filter(([, outcome]) => outcome !== 'refused' && outcome !== 'parsed');
    expect(unexpected).toEqual([]);
  });

  it('names the reason: corrupt structure, no invoice, inflation beyond the limit, unsupported filter', async () => {
    await expect(extractFacturXml(pdf('pdf-garbage-after-header'))).rejects.toMatchObject({ code: 'PDF_CORRUPT' });
    await expect(extractFacturXml(pdf('pdf-nested-arrays-100k'))).rejects.toMatchObject({ code: 'PDF_CORRUPT' });
    await expect(extractFacturXml(pdf('pdf-root-not-a-dict'))).rejects.toMatchObject({ code: 'PDF_CORRUPT' });
    await expect(extractFacturXml(pdf('pdf-many-attachments'))).rejects.toMatchObject({ code: 'PDF_CORRUPT', message: expect.stringContaining('more than 64 embedded files') });
    await expect(extractFacturXml(pdf('pdf-no-invoice'))).rejects.toMatchObject({ code: 'PDF_NO_INVOICE' });
    await expect(extractFacturXml(pdf('pdf-deflate-bomb'))).rejects.toBeInstanceOf(LimitExceededError);
    await expect(extractFacturXml(pdf('pdf-unsupported-filter'))).rejects.toMatchObject({ code: 'PDF_UNSUPPORTED' });
  });

  it('visits a name tree whose Kids point back at itself once', async () => {
    const started = performance.now();
    await expect(extractFacturXml(pdf('pdf-cyclic-name-tree'))).rejects.toMatchObject({ code: 'PDF_NO_INVOICE' });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
