import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api';
import { Badge, Json, Loading, ProblemView, Table, When } from '../components';
import { useAction, useLoad } from '../hooks';
import { useSession } from '../session';
import type { ActivationResult, Configuration, ConfigurationDiff, ValidationReport } from '../types';

function show(value: unknown): string {
  if (value === undefined || value === null) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function DiffView({ diff }: { diff: ConfigurationDiff }): ReactNode {
  const changed = diff.stages.filter((s) => s.module_changed || s.settings_changes.length > 0);
  return (
    <div data-testid="diff">
      <p>
        Version {diff.a} → version {diff.b}: {changed.length === 0 ? 'no differences' : `${changed.length} stage(s) differ`}
      </p>
      {changed.length > 0 && (
        <Table label="Differences">
          <thead>
            <tr>
              <th>Stage</th>
              <th>What</th>
              <th>Version {diff.a}</th>
              <th>Version {diff.b}</th>
            </tr>
          </thead>
          <tbody>
            {changed.flatMap((stage) => [
              ...(stage.module_changed
                ? [
                    <tr key={`${stage.stage_id}/module`} className="changed">
                      <td>{stage.stage_id}</td>
                      <td>module</td>
                      <td className="del">{stage.a?.module_id ?? '—'}</td>
                      <td className="ins">{stage.b?.module_id ?? '—'}</td>
                    </tr>,
                  ]
                : []),
              ...stage.settings_changes.map((change) => (
                <tr key={`${stage.stage_id}/${change.key ?? ''}`} className="changed">
                  <td>{stage.stage_id}</td>
                  <td>
                    <code>{change.key}</code>
                  </td>
                  <td className="del">{show(change.a)}</td>
                  <td className="ins">{show(change.b)}</td>
                </tr>
              )),
            ])}
          </tbody>
        </Table>
      )}
    </div>
  );
}

export function ConfigurationDetailPage(): ReactNode {
  const { version = '' } = useParams();
  const { can } = useSession();
  const config = useLoad((signal) => api<Configuration>(`/configurations/${version}`, { signal }), [version]);
  const active = useLoad((signal) => api<Configuration>('/configurations/active', { signal }), [version]);
  const [other, setOther] = useState('');
  const [diff, setDiff] = useState<ConfigurationDiff | null>(null);
  const [report, setReport] = useState<ValidationReport | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [needsChangeRequest, setNeedsChangeRequest] = useState(false);
  const action = useAction();
  const c = config.data;

  const compareWith = async (against: string): Promise<void> => {
    const result = await action.run(() => api<ConfigurationDiff>(`/configurations/${against}/diff/${version}`));
    if (result) setDiff(result);
  };
  const validate = async (): Promise<void> => {
    const result = await action.run(() => api<ValidationReport>(`/configurations/${version}/validate`, { method: 'POST' }));
    if (result) {
      setReport(result);
      config.reload();
    }
  };
  const activate = async (): Promise<void> => {
    setNeedsChangeRequest(false);
    const result = await action.run(async () => {
      try {
        return await api<ActivationResult>(`/configurations/${version}/activate`, { method: 'POST' });
      } catch (error) {
        if (error instanceof ApiError && error.status === 409 && /change request/i.test(error.problem.detail ?? '')) setNeedsChangeRequest(true);
        throw error;
      }
    });
    if (result) {
      setNotice(result.state === 'activated' ? `Version ${version} is active.` : `Activation of version ${version} is queued behind runs in flight.`);
      config.reload();
      active.reload();
    }
  };
  const requestChange = async (): Promise<void> => {
    if (!c) return;
    const result = await action.run(() => api<{ change_request_id: string }>('/change-requests', { method: 'POST', body: { config: c.config_id, kind: 'activate' } }));
    if (result) {
      setNeedsChangeRequest(false);
      setNotice(`Change request ${result.change_request_id} submitted: it activates once approved.`);
    }
  };

  return (
    <section>
      <nav aria-label="breadcrumb">
        <ul>
          <li>
            <Link to="/configurations">Configurations</Link>
          </li>
          <li>Version {version}</li>
        </ul>
      </nav>
      <ProblemView error={config.error} />
      <Loading loading={config.loading && !c} />
      {c && (
        <>
          <header className="title-row">
            <h1>Version {c.version}</h1>
            <span data-testid="config-status">
              <Badge value={c.status} />
            </span>
          </header>
          <dl className="facts">
            <dt>Summary</dt>
            <dd>{c.summary ?? '—'}</dd>
            <dt>Based on</dt>
            <dd>{c.based_on_version ?? '—'}</dd>
            <dt>Created</dt>
            <dd>
              <When at={c.created_at} /> by {c.created_by}
            </dd>
            <dt>Validated</dt>
            <dd>
              <When at={c.validated_at} />
            </dd>
            <dt>Activated</dt>
            <dd>
              <When at={c.activated_at} />
            </dd>
            <dt>Id</dt>
            <dd className="hash">{c.config_id}</dd>
          </dl>

          <div className="actions">
            {can.writeConfig && c.status === 'draft' && (
              <button type="button" onClick={() => void validate()} disabled={action.running}>
                Validate
              </button>
            )}
            {can.writeConfig && c.status === 'validated' && (
              <button type="button" onClick={() => void activate()} disabled={action.running}>
                Activate
              </button>
            )}
            {needsChangeRequest && (
              <button type="button" onClick={() => void requestChange()} disabled={action.running}>
                Submit a change request
              </button>
            )}
            {active.data && active.data.version !== c.version && (
              <button type="button" className="secondary" onClick={() => void compareWith(String(active.data?.version))} disabled={action.running}>
                Diff with active ({active.data.version})
              </button>
            )}
          </div>
          <form
            className="inline"
            aria-label="Diff with a version"
            onSubmit={(event) => {
              event.preventDefault();
              if (other.trim()) void compareWith(other.trim());
            }}
          >
            <input aria-label="Version to diff with" placeholder="another version" inputMode="numeric" value={other} onChange={(e) => setOther(e.target.value)} />
            <button type="submit" className="secondary" disabled={action.running}>
              Diff
            </button>
          </form>
          {notice && (
            <p className="notice" role="status">
              {notice}
            </p>
          )}
          <ProblemView error={action.error} />
          {report && (
            <div data-testid="validation-report">
              <p>
                Validation: <Badge value={report.valid ? 'validated' : 'rejected'} />
              </p>
              <ul>
                {report.problems.map((p, i) => (
                  <li key={`p${i}`}>
                    <code>{p.field}</code>: {p.reason}
                  </li>
                ))}
                {report.warnings.map((p, i) => (
                  <li key={`w${i}`}>
                    warning <code>{p.field}</code>: {p.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {diff && <DiffView diff={diff} />}

          <h2>Selections</h2>
          <Table label="Selections">
            <thead>
              <tr>
                <th>Stage</th>
                <th>Module</th>
                <th>Settings</th>
              </tr>
            </thead>
            <tbody>
              {c.selections.map((s) => (
                <tr key={s.stage_id}>
                  <td>{s.stage_id}</td>
                  <td>{s.module_id}</td>
                  <td>{Object.keys(s.settings).length === 0 ? '—' : <Json value={s.settings} />}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </section>
  );
}
