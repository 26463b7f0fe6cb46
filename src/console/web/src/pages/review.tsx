import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, query } from '../api';
import { Loading, Pager, ProblemView, Table, When } from '../components';
import { field, useLoad } from '../hooks';
import { useSession } from '../session';
import type { Page, ReviewItem } from '../types';
import { VerdictForm } from './verdict-form';

export function ReviewPage(): ReactNode {
  const { tenant, can } = useSession();
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const keys = ['supplier', 'min_total', 'max_total', 'currency', 'from', 'to'] as const;
  const { data, error, loading, reload } = useLoad(
    (signal) => {
      const values: Record<string, string | undefined> = { cursor, limit: '50' };
      for (const key of keys) values[key] = params.get(key) ?? undefined;
      for (const key of ['from', 'to'] as const) if (values[key]) values[key] = new Date(values[key]).toISOString();
      return api<Page<ReviewItem>>(`/review-queue${query(values)}`, { signal });
    },
    [tenant, params.toString(), cursor],
  );
  const apply = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const key of keys) {
      const value = field(form, key);
      if (value) next.set(key, value);
    }
    setCursors([undefined]);
    setParams(next);
  };

  return (
    <section>
      <h1>Review queue</h1>
      <form className="filters" onSubmit={apply} aria-label="Filter the review queue">
        <label>
          Supplier
          <input name="supplier" defaultValue={params.get('supplier') ?? ''} />
        </label>
        <label>
          Min total
          <input name="min_total" inputMode="decimal" defaultValue={params.get('min_total') ?? ''} />
        </label>
        <label>
          Max total
          <input name="max_total" inputMode="decimal" defaultValue={params.get('max_total') ?? ''} />
        </label>
        <label>
          Currency
          <input name="currency" maxLength={3} defaultValue={params.get('currency') ?? ''} />
        </label>
        <label>
          Received from
          <input name="from" type="date" defaultValue={params.get('from') ?? ''} />
        </label>
        <label>
          Received before
          <input name="to" type="date" defaultValue={params.get('to') ?? ''} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <ProblemView error={error} />
      <Loading loading={loading && !data} />
      {data && (
        <>
          <Table label="Invoices awaiting approval">
            <thead>
              <tr>
                <th>Invoice</th>
                <th>Supplier</th>
                <th>Total</th>
                <th>Received</th>
                <th>Why</th>
                <th>Approvals</th>
                {can.approve && <th>Verdict</th>}
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.id} data-invoice-id={item.id}>
                  <td>
                    <Link to={`/invoices/${item.id}`}>{item.invoice_number ?? item.id.slice(0, 8)}</Link>
                    {item.issue_date && <small> {item.issue_date}</small>}
                  </td>
                  <td>{item.supplier_name ?? '—'}</td>
                  <td className="num">
                    {item.total ?? '—'} {item.currency ?? ''}
                  </td>
                  <td>
                    <When at={item.received_at} />
                  </td>
                  <td>{item.decision_reasons.join('; ')}</td>
                  <td>
                    {item.approvals_given} / {item.approvals_required}
                  </td>
                  {can.approve && (
                    <td>
                      <VerdictForm invoiceId={item.id} onDone={reload} compact />
                    </td>
                  )}
                </tr>
              ))}
              {data.items.length === 0 && (
                <tr>
                  <td colSpan={can.approve ? 7 : 6}>Nothing awaits approval.</td>
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
