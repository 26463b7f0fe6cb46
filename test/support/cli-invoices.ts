/** Invoice files for the CLI tests: official examples and variants made from them in a temp dir. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AFRelationship, PDFDocument } from 'pdf-lib';
import { CORPUS_DIR } from './corpus';

export const EXAMPLES = join(CORPUS_DIR, 'examples');
export const GOOD_UBL = join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml');
export const GOOD_CII = join(EXAMPLES, 'cii', 'CII_example1.xml');

/** The UBL example without its invoice number: BR-02 fires at /Invoice. */
export function withoutInvoiceNumber(): string {
  const text = readFileSync(GOOD_UBL, 'utf8');
  const bad = text.replace('<cbc:ID>12115118</cbc:ID>', '');
  if (bad === text) throw new Error('the example changed: its invoice number was not found');
  return bad;
}

/** A Factur-X PDF carrying the CII example. */
export async function facturXPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('Invoice', { x: 50, y: 780 });
  await pdf.attach(readFileSync(GOOD_CII), 'factur-x.xml', { mimeType: 'text/xml', afRelationship: AFRelationship.Alternative });
  return pdf.save();
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'invoice-cli-'));
}

/** Writes `content` at dir/relative, creating the folders on the way; answers the path. */
export function put(dir: string, relative: string, content: string | Uint8Array): string {
  const path = join(dir, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}
