import { useState, type ReactNode } from 'react';
import { api } from '../api';
import { Badge, Loading, ProblemView, Table, When } from '../components';
import { useAction, useLoad } from '../hooks';
import { useSession } from '../session';
import type { FallbackPolicy, ModuleInfo } from '../types';

function PolicyEditor({ policy, onSaved }: { policy: FallbackPolicy; onSaved: () => void }): ReactNode {
  const [text, setText] = useState(() => JSON.stringify({ fallback_module_id: policy.fallback_module_id, trigger_conditions: policy.trigger_conditions, actions: policy.actions }, null, 2));
  const action = useAction();
  const save = async (): Promise<void> => {
    const saved = await action.run(async () => {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw new Error(`Not JSON: ${(error as Error).message}`, { cause: error });
      }
      return api(`/fallback-policies/${encodeURIComponent(policy.stage_id)}`, { method: 'PUT', body });
    });
    if (saved) onSaved();
  };
  return (
    <details>
      <summary>Edit</summary>
      <textarea aria-label={`Policy of ${policy.stage_id}`} className="code" rows={10} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      <button type="button" onClick={() => void save()} disabled={action.running}>
        Save policy
      </button>
      <ProblemView error={action.error} />
    </details>
  );
}

export function ModulesPage(): ReactNode {
  const { can } = useSession();
  const modules = useLoad((signal) => api<ModuleInfo[]>('/modules', { signal }), []);
  const policies = useLoad((signal) => api<FallbackPolicy[]>('/fallback-policies', { signal }), []);
  const action = useAction();
  const setStatus = async (id: string, status: string): Promise<void> => {
    if (await action.run(() => api(`/modules/${encodeURIComponent(id)}`, { method: 'PATCH', body: { status } }))) modules.reload();
  };
  return (
    <section>
      <h1>Fallback policies</h1>
      <ProblemView error={policies.error} />
      <Loading loading={policies.loading && !policies.data} />
      {policies.data && (
        <Table label="Fallback policies">
          <thead>
            <tr>
              <th>Stage</th>
              <th>Fallback module</th>
              <th>On failure</th>
              <th>Retry</th>
              <th>Review</th>
              <th>Updated</th>
              {can.writeConfig && <th />}
            </tr>
          </thead>
          <tbody>
            {policies.data.map((p) => (
              <tr key={p.policy_id}>
                <td>{p.stage_id}</td>
                <td>{p.fallback_module_id ?? '—'}</td>
                <td>{p.actions.on_failure.replace(/_/g, ' ')}</td>
                <td>{p.actions.retry ? JSON.stringify(p.actions.retry) : '—'}</td>
                <td>{p.actions.mark_for_review ? 'yes' : 'no'}</td>
                <td>
                  <When at={p.updated_at} /> {p.updated_by}
                </td>
                {can.writeConfig && (
                  <td>
                    <PolicyEditor policy={p} onSaved={policies.reload} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}

      <h2>Module catalogue</h2>
      <ProblemView error={modules.error} />
      <ProblemView error={action.error} />
      {modules.data && (
        <Table label="Modules">
          <thead>
            <tr>
              <th>Stage</th>
              <th>Module</th>
              <th>Version</th>
              <th>Contract</th>
              <th>Status</th>
              {can.writeConfig && <th>Change</th>}
            </tr>
          </thead>
          <tbody>
            {modules.data.map((m) => (
              <tr key={m.module_id}>
                <td>{m.stage_id}</td>
                <td>
                  {m.name} <small>{m.module_id}</small>
                  {m.is_fallback && <small> (fallback)</small>}
                </td>
                <td>{m.version}</td>
                <td>{m.capability_contract_id}</td>
                <td>
                  <Badge value={m.status} />
                </td>
                {can.writeConfig && (
                  <td>
                    {m.status !== 'unavailable' && (
                      <select aria-label={`Status of ${m.module_id}`} value={m.status} onChange={(e) => void setStatus(m.module_id, e.target.value)} disabled={action.running}>
                        {['available', 'disabled', 'deprecated'].map((s) => (
                          <option key={s} value={s}>
                            {s}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
