import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { api } from '../api';
import { Badge, Loading, ProblemView, Table, When } from '../components';
import { useLoad } from '../hooks';
import { useSession } from '../session';
import type { Overview } from '../types';

export function OverviewPage(): ReactNode {
  const { tenant } = useSession();
  const { data, error, loading } = useLoad((signal) => api<Overview>('/overview', { signal }), [tenant]);
  const queue = data?.queue;
  const throughput = data?.throughput;
  return (
    <section>
      <h1>Overview</h1>
      <ProblemView error={error} />
      <Loading loading={loading && !data} />
      {data && (
        <div data-testid="overview">
          {data.tenant_id && <p>Tenant {data.tenant_id}</p>}
          <div className="cards">
            <article>
              <header>Health</header>
              <p className="figure">
                <Badge value={data.health.overall_status} />
              </p>
              <small>
                readiness <Badge value={data.health.readiness_status} />
              </small>
            </article>
            {queue && throughput ? (
              <>
            <article>
              <header>Queue depth</header>
              <p className="figure" data-testid="queue-depth">
                {queue.depth}
              </p>
              <small>{Object.entries(queue.by_status).map(([status, count]) => `${status.replace(/_/g, ' ')} ${count}`).join(' · ') || 'nothing waiting'}</small>
            </article>
            <article>
              <header>Last hour</header>
              <p className="figure">{throughput.last_hour.received}</p>
              <small>
                received · {throughput.last_hour.completed} completed · {throughput.last_hour.failed} failed
              </small>
            </article>
            <article>
              <header>Last 24 hours</header>
              <p className="figure">{throughput.last_24_hours.received}</p>
              <small>
                received · {throughput.last_24_hours.completed} completed · {throughput.last_24_hours.failed} failed
              </small>
            </article>
              </>
            ) : (
              <article>
                <header>Invoices</header>
                <p>These credentials act for no tenant: no invoice figures.</p>
              </article>
            )}
          </div>

          <h2>Modules</h2>
          <Table label="Health of the modules">
            <thead>
              <tr>
                <th>Module</th>
                <th>Status</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {data.health.modules.map((m) => (
                <tr key={m.name}>
                  <td>
                    {m.name}
                    {m.optional && <small> (optional)</small>}
                  </td>
                  <td>
                    <Badge value={m.status} />
                  </td>
                  <td>{m.message}</td>
                </tr>
              ))}
            </tbody>
          </Table>

          <h2>Circuit breakers</h2>
          {data.breakers.length === 0 ? (
            <p>No module has been called by this process yet: every circuit is closed.</p>
          ) : (
            <Table label="Circuit breakers">
              <thead>
                <tr>
                  <th>Stage</th>
                  <th>Module</th>
                  <th>Scope</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                {data.breakers.map((b) => (
                  <tr key={`${b.module_id}/${b.tenant_id ?? '*'}`}>
                    <td>{b.stage}</td>
                    <td>{b.module_id}</td>
                    <td>{b.tenant_id ?? 'shared'}</td>
                    <td>
                      <Badge value={b.state} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}

          <h2>Recent failures</h2>
          {data.recent_failures.length === 0 ? (
            <p>No failed invoices.</p>
          ) : (
            <Table label="Recent failures">
              <thead>
                <tr>
                  <th>Invoice</th>
                  <th>Supplier</th>
                  <th>Failed</th>
                </tr>
              </thead>
              <tbody>
                {data.recent_failures.map((f) => (
                  <tr key={f.id}>
                    <td>
                      <Link to={`/invoices/${f.id}`}>{f.invoice_number ?? f.id.slice(0, 8)}</Link>
                    </td>
                    <td>{f.supplier_name ?? '—'}</td>
                    <td>
                      <When at={f.failed_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </div>
      )}
    </section>
  );
}
