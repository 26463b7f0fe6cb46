import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../api';
import { Badge, Loading, Pager, ProblemView, Table, When } from '../components';
import { field, useLoad } from '../hooks';
import { useSession } from '../session';
import type { InvoiceSummary, Page } from '../types';

const STATUSES = ['received', 'processing', 'awaiting_approval', 'completed', 'completed_with_warnings', 'failed', 'rejected', 'duplicate'];

export function InvoicesPage(): ReactNode {
  const { tenant } = useSession();
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const filters = { status: params.get('status') ?? '', supplier: params.get('supplier') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' };
  const cursor = cursors[cursors.length - 1];
  const { data, error, loading } = useLoad(
    (signal) =>
      api<Page<InvoiceSummary>>(
        `/invoices${query({
          status: filters.status,
          supplier: filters.supplier,
          from: filters.from && new Date(filters.from).toISOString(),
          to: filters.to && new Date(filters.to).toISOString(),
          cursor,
          limit: 50,
        })}`,
        { signal },
      ),
    [tenant, params.toString(), cursor],
  );

  const apply = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const key of ['status', 'supplier', 'from', 'to']) {
      const value = field(form, key);
      if (value) next.set(key, value);
    }
    setCursors([undefined]);
    setParams(next);
  };

  return (
    <section>
      <h1>Invoices</h1>
      <form className="filters" onSubmit={apply} aria-label="Filter invoices">
        <label>
          Status
          <select name="status" defaultValue={filters.status}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Supplier
          <input name="supplier" defaultValue={filters.supplier} placeholder="VAT id or name" />
        </label>
        <label>
          Received from
          <input name="from" type="date" defaultValue={filters.from} />
        </label>
        <label>
          Received before
          <input name="to" type="date" defaultValue={filters.to} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <ProblemView error={error} />
      <Loading loading={loading && !data} />
      {data && (
        <>
          <Table label="Invoices">
            <thead>
              <tr>
                <th>Number</th>
                <th>Supplier</th>
                <th>Status</th>
                <th>Received</th>
                <th>Config</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((invoice) => (
                <tr key={invoice.id} data-invoice-id={invoice.id}>
                  <td>
                    <Link to={`/invoices/${invoice.id}`}>{invoice.invoice_number ?? invoice.id.slice(0, 8)}</Link>
                  </td>
                  <td>{invoice.supplier_name ?? '—'}</td>
                  <td>
                    <Badge value={invoice.status} />
                  </td>
                  <td>
                    <When at={invoice.received_at} />
                  </td>
                  <td>{invoice.config_version ?? '—'}</td>
                </tr>
              ))}
              {data.items.length === 0 && (
                <tr>
                  <td colSpan={5}>No invoices match.</td>
                </tr>
              )}
            </tbody>
          </Table>
          <Pager cursors={cursors} next={data.next_cursor} onPage={setCursors} />
        </>
      )}
    </section>
  );
}
