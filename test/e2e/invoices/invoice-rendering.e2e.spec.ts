import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { authHeaders } from '../../support/auth';
import { json, RunningApp, useTestApp } from '../../support/test-app';
import { EXAMPLES } from '../../support/paths';

const maxContent = readFileSync(join(EXAMPLES, 'bis-billing', 'Invoice-Max_content.xml'), 'utf8');

/** Every text item of every page, in reading order (pdf.js, as a PDF viewer reads it). */
async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}

describe('invoice renderings: HTML and PDF by content negotiation, for the invoice and its report', () => {
  const app = useTestApp({ TENANT_APPROVAL_THRESHOLD: '1000000000' });
  let running: RunningApp;
  let auth: Record<string, string>;
  let invoiceId: string;

  const url = (path: string) => running.baseUrl + path;
  const get = (path: string, accept?: string) => fetch(url(path), { headers: accept === undefined ? auth : { ...auth, accept } });

  beforeAll(async () => {
    running = app.running;
    auth = await authHeaders('submitter', { tenantId: 'default' });
    const created = await json(
      await fetch(url('/api/v1/invoices?wait=true'), { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: maxContent }),
    );
    expect(created.status).toBe('completed');
    invoiceId = created.id;
  });

  it('answers JSON without an Accept header and for */*', async () => {
    for (const accept of [undefined, '*/*', 'application/json']) {
      const response = await get(`/api/v1/invoices/${invoiceId}`, accept);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect((await json(response)).id).toBe(invoiceId);
    }
  });

  it('renders the invoice as HTML: header, parties, lines, VAT breakdown, totals, payment, notes, attachments, report', async () => {
    const response = await get(`/api/v1/invoices/${invoiceId}`, 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('vary')).toContain('Accept');
    const html = await response.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    for (const expected of [
      'Invoice 2018210', // BT-1
      'Global Trade Chain', // buyer's / seller's party names
      'Seller (BG-4)',
      'Buyer (BG-7)',
      'Lines (BG-25)',
      'Universal product', // a line item
      'VAT breakdown (BG-23)',
      '12500 SEK', // BT-115
      'Amount due for payment (BT-115)',
      'Payment (BG-16)',
      'Attachments and supporting documents (BG-24)',
      'testfilnamn.abc',
      'Validation report',
      'Verdict: valid',
    ]) {
      expect(html).toContain(expected);
    }
  });

  it('escapes everything a document carries: markup in a name stays text', async () => {
    const hostile = maxContent
      .replace('<cbc:ID>2018210</cbc:ID>', '<cbc:ID>R-&lt;script&gt;1</cbc:ID>')
      .replace('<cbc:Name>Universal product</cbc:Name>', '<cbc:Name>&lt;img src=x onerror=alert(1)&gt;</cbc:Name>');
    const created = await json(
      await fetch(url('/api/v1/invoices?wait=true'), { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: hostile }),
    );
    const response = await get(`/api/v1/invoices/${created.id}`, 'text/html');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const html = await response.text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('R-&lt;script&gt;1');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
  });

  it('renders the invoice as a PDF whose text carries the invoice number and the total', async () => {
    const response = await get(`/api/v1/invoices/${invoiceId}`, 'application/pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = await response.arrayBuffer();
    expect(Buffer.from(bytes).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain('2018210');
    expect(text).toContain('12500 SEK');
    expect(text).toContain('Universal product');
    expect(text).toContain('B. E. Ställman'); // non-ASCII survives (embedded DejaVu Sans)
  });

  it("renders the validation report with each finding's rule, message, location and business term", async () => {
    // Without the currency code (BT-5) the core rule BR-05 fires; its text names the business term.
    const broken = maxContent.replace(/<cbc:DocumentCurrencyCode>SEK<\/cbc:DocumentCurrencyCode>/, '');
    expect(broken).not.toBe(maxContent);
    const created = await json(
      await fetch(url('/api/v1/invoices?wait=true'), { method: 'POST', headers: { ...auth, 'content-type': 'application/xml' }, body: broken.replace('2018210', '2018210-B') }),
    );
    const report = await json(await get(`/api/v1/invoices/${created.id}/report`, 'application/json'));
    expect(report.valid).toBe(false);
    const br05 = report.errors.find((e: { rule: string }) => e.rule === 'BR-05');
    expect(br05).toBeDefined();

    const html = await (await get(`/api/v1/invoices/${created.id}/report`, 'text/html')).text();
    expect(html).toContain('Verdict: not valid');
    expect(html).toContain('BR-05');
    expect(html).toMatch(/<td>BT-5<\/td>/);
    expect(html).toContain(br05.location.replace(/'/g, '&#39;'));

    const pdf = await get(`/api/v1/invoices/${created.id}/report`, 'application/pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(await pdf.arrayBuffer());
    expect(text).toContain('BR-05');
    expect(text).toContain('BT-5');
  });

  it('answers 406 problem+json when no representation is acceptable, 404 for an unknown invoice', async () => {
    const response = await get(`/api/v1/invoices/${invoiceId}`, 'image/png');
    expect(response.status).toBe(406);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await json(response)).detail).toContain('application/pdf');
    expect((await get('/api/v1/invoices/00000000-0000-4000-8000-000000000000', 'text/html')).status).toBe(404);
  });
});
