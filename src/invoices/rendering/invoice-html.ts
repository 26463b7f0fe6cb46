/**
 * The HTML rendering of an invoice and of its validation report (Eta templates; every
 * interpolation is HTML-escaped, so nothing a document carries becomes markup). Self-contained
 * pages: inline CSS, no scripts, no external resources.
 */
import { Eta } from 'eta';
import type { InvoiceView, ReportView } from './invoice-view';

/** The rendering's one inline style block (the console's CSP allows it by hash). */
export const RENDERING_STYLE = `
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24; margin: 0 auto; padding: 1rem; max-width: 60rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .75rem; } h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #d0d7de; }
  dl { display: grid; grid-template-columns: minmax(10rem, max-content) 1fr; gap: .2rem 1rem; margin: 0; }
  dt { color: #57606a; } dd { margin: 0; overflow-wrap: anywhere; }
  .parties { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
  .scroll { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; } th, td { padding: .3rem .5rem; border-bottom: 1px solid #eaeef2; text-align: left; vertical-align: top; }
  th { background: #f6f8fa; } td.num, th.num { text-align: right; white-space: nowrap; }
  .verdict { font-weight: 600; } .fatal { color: #cf222e; } .warning { color: #9a6700; }
`;

const LAYOUT = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><%= it.title %></title>
<style>${RENDERING_STYLE}</style>
</head>
<body>
<%~ it.body %>
</body>
</html>
`;

const FIELDS = `<dl><% for (const f of it.fields) { %><dt><%= f.label %></dt><dd><%= f.value %></dd><% } %></dl>`;

const REPORT = `<h2>Validation report</h2>
<p class="verdict">Verdict: <%= it.verdict %></p>
<%~ include('@fields', { fields: it.fields }) %>
<% if (it.concerns.length > 0) { %><h3>Concerns</h3><ul><% for (const c of it.concerns) { %><li><%= c %></li><% } %></ul><% } %>
<% if (it.findings.length > 0) { %>
<div class="scroll"><table>
<thead><tr><th>Rule</th><th>Severity</th><th>Business term</th><th>Message</th><th>Location</th></tr></thead>
<tbody><% for (const f of it.findings) { %><tr class="<%= f.severity %>"><td><%= f.rule %></td><td><%= f.severity %></td><td><%= f.business_term %></td><td><%= f.message %></td><td><code><%= f.location %></code></td></tr><% } %></tbody>
</table></div>
<% } else { %><p>No findings.</p><% } %>`;

const INVOICE = `<h1><%= it.title %></h1>
<% if (it.header.length > 0) { %><%~ include('@fields', { fields: it.header }) %><% } %>
<% if (it.parties.length > 0) { %><div class="parties"><% for (const p of it.parties) { %><section><h2><%= p.role %></h2><%~ include('@fields', { fields: p.fields }) %></section><% } %></div><% } %>
<% for (const t of it.tables) { %>
<h2><%= t.title %></h2>
<div class="scroll"><table>
<thead><tr><% t.columns.forEach((c, i) => { %><th<%~ t.numeric[i] ? ' class="num"' : '' %>><%= c %></th><% }) %></tr></thead>
<tbody><% for (const row of t.rows) { %><tr><% row.forEach((cell, i) => { %><td<%~ t.numeric[i] ? ' class="num"' : '' %>><%= cell %></td><% }) %></tr><% } %></tbody>
</table></div>
<% } %>
<% if (it.totals.length > 0) { %><h2>Totals (BG-22)</h2><%~ include('@fields', { fields: it.totals }) %><% } %>
<% if (it.payment.length > 0) { %><h2>Payment (BG-16)</h2><%~ include('@fields', { fields: it.payment }) %><% } %>
<% if (it.notes.length > 0) { %><h2>Notes (BG-1)</h2><ul><% for (const n of it.notes) { %><li><%= n %></li><% } %></ul><% } %>
<h2>Processing</h2>
<%~ include('@fields', { fields: it.processing }) %>
<% if (it.report) { %><%~ include('@report', { ...it.report }) %><% } else { %><h2>Validation report</h2><p>No validation report.</p><% } %>`;

const eta = new Eta({ autoEscape: true, autoTrim: false, cache: true });
eta.loadTemplate('@layout', LAYOUT);
eta.loadTemplate('@fields', FIELDS);
eta.loadTemplate('@report', REPORT);
eta.loadTemplate('@invoice', INVOICE);

const page = (title: string, body: string): string => eta.render('@layout', { title, body });

/** The invoice with its validation report, as one page. */
export function invoiceHtml(view: InvoiceView): string {
  return page(view.title, eta.render('@invoice', view));
}

/** The validation report alone, as one page. */
export function reportHtml(title: string, report: ReportView | null): string {
  const body = report ? eta.render('@report', report) : '<h2>Validation report</h2><p>No validation report.</p>';
  return page(title, `<h1>${eta.config.escapeFunction(title)}</h1>${body}`);
}
