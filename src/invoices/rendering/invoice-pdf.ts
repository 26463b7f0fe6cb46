/**
 * The PDF rendering of an invoice and of its validation report (PDFKit, DejaVu Sans embedded so
 * every script a document carries prints, and its text stays extractable). Drawn from the same
 * view as the HTML.
 */
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { Field, InvoiceView, ReportView, Table } from './invoice-view';

const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
/**
 * Fonts are named by path, not registered by name or passed as bytes: PDFKit caches an opened font
 * under its source string, and its tables switch fonts back by source for every cell. A font given
 * as bytes (or registered under a name) would be parsed again per cell: 20 times slower.
 */
const REGULAR = join(FONT_DIR, 'DejaVuSans.ttf');
const BOLD = join(FONT_DIR, 'DejaVuSans-Bold.ttf');

const GREY = '#57606a';
const RULE = '#d0d7de';

type Doc = PDFKit.PDFDocument;

function heading(doc: Doc, title: string): void {
  doc.moveDown(0.8).font(BOLD).fontSize(12).fillColor('black').text(title);
  const y = doc.y + 2;
  doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.width - doc.page.margins.right, y).strokeColor(RULE).lineWidth(0.5).stroke();
  doc.moveDown(0.4);
}

function fieldList(doc: Doc, fields: Field[]): void {
  for (const f of fields) {
    doc.font(BOLD).fontSize(9).fillColor(GREY).text(`${f.label}: `, { continued: true });
    doc.font(REGULAR).fillColor('black').text(f.value);
  }
}

function table(doc: Doc, t: Table): void {
  heading(doc, t.title);
  if (t.rows.length === 0) {
    doc.font(REGULAR).fontSize(9).text('None.');
    return;
  }
  doc.font(REGULAR).fontSize(8).fillColor('black');
  const align = (i: number) => ({ x: t.numeric[i] ? ('right' as const) : ('left' as const), y: 'top' as const });
  // Amounts, quantities and rates keep a narrow column; text columns share the rest of the width.
  const columnStyles = t.columns.map((_, i) => (t.numeric[i] ? { width: 62 } : { width: '*' }));
  doc.table({
    columnStyles,
    defaultStyle: { border: { bottom: 0.5 }, borderColor: { bottom: RULE }, padding: [3, 4, 3, 4] },
    data: [
      t.columns.map((text, i) => ({ text, type: 'TH' as const, font: { src: BOLD }, backgroundColor: '#f6f8fa', align: align(i) })),
      ...t.rows.map((row) => row.map((text, i) => ({ text, align: align(i) }))),
    ],
  });
}

function report(doc: Doc, r: ReportView | null): void {
  heading(doc, 'Validation report');
  if (!r) {
    doc.font(REGULAR).fontSize(9).text('No validation report.');
    return;
  }
  doc.font(BOLD).fontSize(10).text(`Verdict: ${r.verdict}`);
  fieldList(doc, r.fields);
  for (const concern of r.concerns) doc.font(REGULAR).fontSize(9).text(`Concern: ${concern}`);
  table(doc, {
    title: 'Findings',
    columns: ['Rule', 'Severity', 'Business term', 'Message', 'Location'],
    numeric: [false, false, false, false, false],
    rows: r.findings.map((f) => [f.rule, f.severity, f.business_term, f.message, f.location]),
  });
}

function render(title: string, draw: (doc: Doc) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: title, Creator: 'invoice-service' }, lang: 'en', displayTitle: true });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font(BOLD).fontSize(16).text(title);
  draw(doc);
  doc.end();
  return done;
}

/** The invoice with its validation report. */
export function invoicePdf(view: InvoiceView): Promise<Buffer> {
  return render(view.title, (doc) => {
    doc.moveDown(0.5);
    fieldList(doc, view.header);
    for (const p of view.parties) {
      heading(doc, p.role);
      fieldList(doc, p.fields);
    }
    for (const t of view.tables) table(doc, t);
    if (view.totals.length > 0) {
      heading(doc, 'Totals (BG-22)');
      fieldList(doc, view.totals);
    }
    if (view.payment.length > 0) {
      heading(doc, 'Payment (BG-16)');
      fieldList(doc, view.payment);
    }
    if (view.notes.length > 0) {
      heading(doc, 'Notes (BG-1)');
      for (const n of view.notes) doc.font(REGULAR).fontSize(9).text(n);
    }
    heading(doc, 'Processing');
    fieldList(doc, view.processing);
    report(doc, view.report);
  });
}

/** The validation report alone. */
export function reportPdf(title: string, r: ReportView | null): Promise<Buffer> {
  return render(title, (doc) => report(doc, r));
}
