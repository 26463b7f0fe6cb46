import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, apiBlob, apiText } from '../api';
import { Badge, Loading, ProblemView, Table, When } from '../components';
import { useAction, useLoad } from '../hooks';
import { useSession } from '../session';
import type { InvoiceDetail } from '../types';
import { VerdictForm } from './verdict-form';

interface TimelineEntry {
  at: string;
  kind: string;
  actor: string | null;
  detail: string | null;
}

/** The API's timeline when it gives one; otherwise built from the receipt and the runs. */
function timelineOf(invoice: InvoiceDetail): TimelineEntry[] {
  if (invoice.timeline && invoice.timeline.length > 0) return invoice.timeline;
  const entries: TimelineEntry[] = [{ at: invoice.received_at, kind: 'received', actor: null, detail: `${invoice.content_type}, ${invoice.size_bytes} bytes` }];
  for (const run of [...invoice.runs].sort((a, b) => a.run_number - b.run_number)) {
    entries.push({ at: run.created_at, kind: 'run started', actor: null, detail: `run ${run.run_number} (${run.trigger}) on configuration ${run.config_version ?? '—'}` });
    if (run.finished_at) entries.push({ at: run.finished_at, kind: 'run finished', actor: null, detail: `run ${run.run_number}: ${run.status}${run.failure_reason ? ` — ${run.failure_reason}` : ''}` });
  }
  return entries;
}

async function download(path: string, accept: string, filename: string): Promise<void> {
  const blob = await apiBlob(path, { accept });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function InvoiceDetailPage(): ReactNode {
  const { id = '' } = useParams();
  const { tenant, can } = useSession();
  const [tab, setTab] = useState<'invoice' | 'report'>('invoice');
  const detail = useLoad((signal) => api<InvoiceDetail>(`/invoices/${id}`, { signal }), [tenant, id]);
  const rendered = useLoad((signal) => apiText(tab === 'invoice' ? `/invoices/${id}` : `/invoices/${id}/report`, { signal, accept: 'text/html' }), [tenant, id, tab, detail.data?.status]);
  const action = useAction();
  const invoice = detail.data;
  // While a run is waiting or running, look again every second until it settles.
  const moving = invoice?.status === 'received' || invoice?.status === 'processing';
  useEffect(() => {
    if (!moving || detail.loading) return;
    const timer = setTimeout(detail.reload, 1000);
    return () => clearTimeout(timer);
  }, [moving, detail.loading, detail.reload]);

  const reprocess = async (): Promise<void> => {
    if (await action.run(() => api(`/invoices/${id}/reprocess`, { method: 'POST' }))) detail.reload();
  };

  return (
    <section>
      <nav aria-label="breadcrumb">
        <ul>
          <li>
            <Link to="/invoices">Invoices</Link>
          </li>
          <li>{invoice?.invoice_number ?? id.slice(0, 8)}</li>
        </ul>
      </nav>
      <ProblemView error={detail.error} />
      <Loading loading={detail.loading && !invoice} />
      {invoice && (
        <>
          <header className="title-row">
            <h1>Invoice {invoice.invoice_number ?? '(no number)'}</h1>
            <span data-testid="invoice-status">
              <Badge value={invoice.status} />
            </span>
          </header>
          <dl className="facts">
            <dt>Supplier</dt>
            <dd>{invoice.supplier_name ?? '—'}</dd>
            <dt>Received</dt>
            <dd>
              <When at={invoice.received_at} />
            </dd>
            <dt>Decision</dt>
            <dd>
              <Badge value={invoice.decision} /> {invoice.decision_reasons.join('; ')}
            </dd>
            <dt>Validation</dt>
            <dd>{invoice.validation ? `${invoice.validation.valid ? 'valid' : 'invalid'} (${invoice.validation.rule_set}), ${invoice.validation.errors.length} errors, ${invoice.validation.warnings.length} warnings` : '—'}</dd>
            {invoice.failure_reason && (
              <>
                <dt>Failure</dt>
                <dd>{invoice.failure_reason}</dd>
              </>
            )}
            {invoice.duplicate_of && (
              <>
                <dt>Duplicate of</dt>
                <dd>
                  <Link to={`/invoices/${invoice.duplicate_of}`}>{invoice.duplicate_of}</Link>
                </dd>
              </>
            )}
            <dt>Configuration</dt>
            <dd>{invoice.config_version ?? '—'}</dd>
            <dt>SHA-256</dt>
            <dd className="hash">{invoice.sha256}</dd>
          </dl>

          <div className="actions">
            {can.reprocess && (
              <button type="button" onClick={() => void reprocess()} disabled={action.running || invoice.status === 'processing'}>
                Reprocess
              </button>
            )}
            <button type="button" className="secondary" onClick={() => void action.run(() => download(`/invoices/${id}`, 'application/pdf', `invoice-${id}.pdf`))}>
              Invoice PDF
            </button>
            <button type="button" className="secondary" onClick={() => void action.run(() => download(`/invoices/${id}/document`, '*/*', `invoice-${id}`))}>
              Original document
            </button>
          </div>
          <ProblemView error={action.error} />

          {invoice.status === 'awaiting_approval' && can.approve && <VerdictForm invoiceId={id} onDone={detail.reload} />}
          {invoice.approval && invoice.approval.approvals.length > 0 && (
            <>
              <h2>Approvals</h2>
              <ul>
                {invoice.approval.approvals.map((a, i) => (
                  <li key={i}>
                    <Badge value={a.verdict === 'approve' ? 'approved' : 'rejected'} /> {a.approver}, <When at={a.at} />
                    {a.reason ? ` — ${a.reason}` : ''}
                    {a.comment ? ` (${a.comment})` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}

          <h2>Timeline</h2>
          <ol className="timeline" data-testid="timeline">
            {timelineOf(invoice).map((entry, i) => (
              <li key={i}>
                <When at={entry.at} /> <strong>{entry.kind.replace(/_/g, ' ')}</strong>
                {entry.actor ? ` by ${entry.actor}` : ''}
                {entry.detail ? ` — ${entry.detail}` : ''}
              </li>
            ))}
          </ol>

          <h2>Stages of the latest run</h2>
          <Table label="Stage results">
            <thead>
              <tr>
                <th>Stage</th>
                <th>Module</th>
                <th>Outcome</th>
                <th>Time</th>
                <th>Notes</th>
              </tr>
            </thead>
            <tbody data-testid="stages">
              {invoice.stages.map((s) => (
                <tr key={s.stage_id}>
                  <td>{s.stage_id}</td>
                  <td>{s.module_id}</td>
                  <td>
                    <Badge value={s.outcome} />
                    {s.fallback_used && <small> fallback</small>}
                    {s.degraded && <small> degraded</small>}
                  </td>
                  <td className="num">{s.duration_ms < 10 ? s.duration_ms.toFixed(1) : Math.round(s.duration_ms)} ms</td>
                  <td>{[...s.errors, ...s.warnings, s.fallback_reason ?? ''].filter(Boolean).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </Table>

          <h2>Runs</h2>
          <Table label="Runs">
            <thead>
              <tr>
                <th>#</th>
                <th>Trigger</th>
                <th>Status</th>
                <th>Configuration</th>
                <th>Started</th>
                <th>Finished</th>
              </tr>
            </thead>
            <tbody>
              {invoice.runs.map((r) => (
                <tr key={r.run_id}>
                  <td>{r.run_number}</td>
                  <td>{r.trigger}</td>
                  <td>
                    <Badge value={r.status} />
                  </td>
                  <td>{r.config_version ?? '—'}</td>
                  <td>
                    <When at={r.created_at} />
                  </td>
                  <td>
                    <When at={r.finished_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>

          <h2>Rendered</h2>
          <div role="tablist" className="tabs">
            <button type="button" role="tab" aria-selected={tab === 'invoice'} className={tab === 'invoice' ? '' : 'secondary'} onClick={() => setTab('invoice')}>
              Invoice
            </button>
            <button type="button" role="tab" aria-selected={tab === 'report'} className={tab === 'report' ? '' : 'secondary'} onClick={() => setTab('report')}>
              Validation report
            </button>
          </div>
          <ProblemView error={rendered.error} />
          {rendered.data !== undefined && <iframe className="rendering" title={tab === 'invoice' ? 'Rendered invoice' : 'Validation report'} sandbox="" srcDoc={rendered.data} />}
        </>
      )}
    </section>
  );
}
