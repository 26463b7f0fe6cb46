import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, query } from '../api';
import { Badge, Loading, Pager, ProblemView, Table, When } from '../components';
import { useAction, useLoad } from '../hooks';
import { useSession } from '../session';
import type { ActivationResult, Configuration, Page } from '../types';

export function ConfigurationsPage(): ReactNode {
  const { can } = useSession();
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const list = useLoad((signal) => api<Page<Configuration>>(`/configurations${query({ cursor, limit: 20 })}`, { signal }), [cursor]);
  const active = useLoad((signal) => api<Configuration>('/configurations/active', { signal }), []);
  const rollback = useAction();
  const [rollbackTo, setRollbackTo] = useState('');
  const navigate = useNavigate();

  const doRollback = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const body = rollbackTo.trim() ? { to_version: Number(rollbackTo) } : {};
    const result = await rollback.run(() => api<ActivationResult>('/configurations/rollback', { method: 'POST', body }));
    if (result) {
      list.reload();
      active.reload();
    }
  };

  return (
    <section>
      <header className="title-row">
        <h1>Configurations</h1>
        {can.writeConfig && (
          <button type="button" onClick={() => void navigate('/configurations/new')}>
            New configuration
          </button>
        )}
      </header>
      <ProblemView error={active.error} />
      {active.data && (
        <p data-testid="active-version">
          Active: <Link to={`/configurations/${active.data.version}`}>version {active.data.version}</Link> {active.data.summary ? `— ${active.data.summary}` : ''}
        </p>
      )}
      {can.writeConfig && (
        <form className="inline" onSubmit={(e) => void doRollback(e)} aria-label="Roll back">
          <input aria-label="Roll back to version" placeholder="version (default: the previous)" inputMode="numeric" value={rollbackTo} onChange={(e) => setRollbackTo(e.target.value)} />
          <button type="submit" className="contrast" disabled={rollback.running}>
            Roll back
          </button>
        </form>
      )}
      <ProblemView error={rollback.error} />
      <ProblemView error={list.error} />
      <Loading loading={list.loading && !list.data} />
      {list.data && (
        <>
          <Table label="Configuration versions">
            <thead>
              <tr>
                <th>Version</th>
                <th>Status</th>
                <th>Summary</th>
                <th>Based on</th>
                <th>Created</th>
                <th>By</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.config_id} data-version={c.version}>
                  <td>
                    <Link to={`/configurations/${c.version}`}>{c.version}</Link>
                  </td>
                  <td>
                    <Badge value={c.status} />
                  </td>
                  <td>{c.summary ?? '—'}</td>
                  <td>{c.based_on_version ?? '—'}</td>
                  <td>
                    <When at={c.created_at} />
                  </td>
                  <td>{c.created_by}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager cursors={cursors} next={list.data.next_cursor} onPage={setCursors} />
        </>
      )}
    </section>
  );
}

/** A new draft: starts from the active version's selections, edited as JSON. */
export function NewConfigurationPage(): ReactNode {
  const active = useLoad((signal) => api<Configuration>('/configurations/active', { signal }), []);
  const action = useAction();
  const navigate = useNavigate();
  const [text, setText] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const selections = text ?? (active.data ? JSON.stringify(active.data.selections, null, 2) : '');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const created = await action.run(async () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(selections);
      } catch (error) {
        throw new Error(`The selections are not JSON: ${(error as Error).message}`, { cause: error });
      }
      return api<Configuration>('/configurations', { method: 'POST', body: { summary: summary.trim() || undefined, based_on_version: active.data?.version, selections: parsed } });
    });
    if (created) void navigate(`/configurations/${created.version}`);
  };

  return (
    <section>
      <h1>New configuration</h1>
      <ProblemView error={active.error} />
      <form onSubmit={(e) => void submit(e)} aria-label="New configuration">
        <label>
          Summary
          <input name="summary" value={summary} onChange={(e) => setSummary(e.target.value)} maxLength={500} />
        </label>
        <label>
          Selections (based on version {active.data?.version ?? '…'})
          <textarea name="selections" rows={16} className="code" value={selections} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        </label>
        <button type="submit" disabled={action.running || !active.data}>
          Create draft
        </button>
      </form>
      <ProblemView error={action.error} />
    </section>
  );
}
