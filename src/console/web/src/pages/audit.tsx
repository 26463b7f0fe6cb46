import { useState, type ReactNode } from 'react';
import { api, query } from '../api';
import { Badge, Loading, Pager, ProblemView, Table, When } from '../components';
import { useAction, useLoad } from '../hooks';
import { useSession } from '../session';
import type { ChangeEvent, ChangeRequest, Page, ShadowRun } from '../types';

export function AuditPage(): ReactNode {
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const { data, error, loading } = useLoad((signal) => api<Page<ChangeEvent>>(`/configuration-events${query({ cursor, limit: 50 })}`, { signal }), [cursor]);
  return (
    <section>
      <h1>Audit trail</h1>
      <ProblemView error={error} />
      <Loading loading={loading && !data} />
      {data && (
        <>
          <Table label="Configuration events">
            <thead>
              <tr>
                <th>When</th>
                <th>Action</th>
                <th>Actor</th>
                <th>Result</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((e) => (
                <tr key={e.event_id}>
                  <td>
                    <When at={e.created_at} />
                  </td>
                  <td>{e.action.replace(/_/g, ' ')}</td>
                  <td>{e.actor}</td>
                  <td>
                    <Badge value={e.result} />
                  </td>
                  <td>{e.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager cursors={cursors} next={data.next_cursor} onPage={setCursors} />
        </>
      )}
    </section>
  );
}

export function ChangeRequestsPage(): ReactNode {
  const { can } = useSession();
  const requests = useLoad((signal) => api<Page<ChangeRequest>>(`/change-requests${query({ limit: 50 })}`, { signal }), []);
  const shadow = useLoad((signal) => (can.readShadowRuns ? api<Page<ShadowRun>>(`/shadow-runs${query({ limit: 20 })}`, { signal }) : Promise.resolve(null)), [can.readShadowRuns]);
  const action = useAction();
  const review = async (id: string, verb: 'approve' | 'reject' | 'cancel'): Promise<void> => {
    if (await action.run(() => api(`/change-requests/${id}/${verb}`, { method: 'POST', body: {} }))) requests.reload();
  };
  return (
    <section>
      <h1>Change requests</h1>
      <ProblemView error={requests.error} />
      <ProblemView error={action.error} />
      <Loading loading={requests.loading && !requests.data} />
      {requests.data && (
        <Table label="Change requests">
          <thead>
            <tr>
              <th>Created</th>
              <th>Kind</th>
              <th>State</th>
              <th>Author</th>
              <th>Comment</th>
              {can.writeConfig && <th>Review</th>}
            </tr>
          </thead>
          <tbody>
            {requests.data.items.map((r) => (
              <tr key={r.change_request_id}>
                <td>
                  <When at={r.created_at} />
                </td>
                <td>{r.kind}</td>
                <td>
                  <Badge value={r.state} />
                </td>
                <td>{r.author}</td>
                <td>{r.comment ?? ''}</td>
                {can.writeConfig && (
                  <td className="actions">
                    {r.state === 'open' && (
                      <>
                        <button type="button" onClick={() => void review(r.change_request_id, 'approve')} disabled={action.running}>
                          Approve
                        </button>
                        <button type="button" className="contrast" onClick={() => void review(r.change_request_id, 'reject')} disabled={action.running}>
                          Reject
                        </button>
                        <button type="button" className="secondary" onClick={() => void review(r.change_request_id, 'cancel')} disabled={action.running}>
                          Cancel
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
            {requests.data.items.length === 0 && (
              <tr>
                <td colSpan={can.writeConfig ? 6 : 5}>No change requests.</td>
              </tr>
            )}
          </tbody>
        </Table>
      )}
      {can.readShadowRuns && (
        <>
          <h2>Shadow runs</h2>
          <ProblemView error={shadow.error} />
          {shadow.data && (
            <Table label="Shadow runs">
              <thead>
                <tr>
                  <th>Created</th>
                  <th>Tenant</th>
                  <th>State</th>
                  <th>By</th>
                  <th>Summary</th>
                </tr>
              </thead>
              <tbody>
                {shadow.data.items.map((s) => (
                  <tr key={s.shadow_run_id}>
                    <td>
                      <When at={s.created_at} />
                    </td>
                    <td>{s.tenant_id}</td>
                    <td>
                      <Badge value={s.state} />
                    </td>
                    <td>{s.requested_by}</td>
                    <td>{s.summary ? Object.entries(s.summary).map(([k, v]) => `${k.replace(/_/g, ' ')}: ${JSON.stringify(v)}`).join(', ') : '—'}</td>
                  </tr>
                ))}
                {shadow.data.items.length === 0 && (
                  <tr>
                    <td colSpan={5}>No shadow runs.</td>
                  </tr>
                )}
              </tbody>
            </Table>
          )}
        </>
      )}
    </section>
  );
}
