import type { ReactNode } from 'react';
import { ApiError } from './api';

/** An error as the API gave it: title, detail, field errors, correlation id. */
export function ProblemView({ error }: { error: unknown }): ReactNode {
  if (error === undefined || error === null) return null;
  if (error instanceof ApiError) {
    const p = error.problem;
    return (
      <div className="problem" role="alert">
        <strong>
          {p.status} {p.title ?? 'Error'}
        </strong>
        {p.detail && <p>{p.detail}</p>}
        {p.errors && p.errors.length > 0 && (
          <ul>
            {p.errors.map((e, i) => (
              <li key={i}>
                <code>{e.field}</code>: {e.reason}
              </li>
            ))}
          </ul>
        )}
        {p.correlation_id && <small>correlation id {p.correlation_id}</small>}
      </div>
    );
  }
  return (
    <div className="problem" role="alert">
      <strong>{error instanceof Error ? error.message : JSON.stringify(error)}</strong>
    </div>
  );
}

export function Loading({ loading }: { loading: boolean }): ReactNode {
  return loading ? <p aria-busy="true">Loading…</p> : null;
}

const TONES: Record<string, string> = {
  completed: 'ok',
  healthy: 'ok',
  active: 'ok',
  closed: 'ok',
  available: 'ok',
  approved: 'ok',
  activated: 'ok',
  success: 'ok',
  auto_approved: 'ok',
  needs_approval: 'warn',
  ok: 'ok',
  completed_with_warnings: 'warn',
  degraded: 'warn',
  awaiting_approval: 'warn',
  half_open: 'warn',
  pending: 'warn',
  validated: 'info',
  processing: 'info',
  received: 'info',
  queued: 'info',
  draft: 'info',
  failed: 'bad',
  unhealthy: 'bad',
  open: 'bad',
  rejected: 'bad',
  failure: 'bad',
  duplicate: 'muted',
  superseded: 'muted',
  rolled_back: 'muted',
  disabled: 'muted',
  unavailable: 'bad',
};

export function Badge({ value }: { value: string | null | undefined }): ReactNode {
  if (!value) return <span className="badge muted">—</span>;
  return <span className={`badge ${TONES[value] ?? 'muted'}`}>{value.replace(/_/g, ' ')}</span>;
}

export function When({ at }: { at: string | null | undefined }): ReactNode {
  if (!at) return <span>—</span>;
  const date = new Date(at);
  return (
    <time dateTime={at} title={at}>
      {date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' })}
    </time>
  );
}

/** A table that scrolls sideways inside itself on a narrow screen instead of widening the page. */
export function Table({ children, label }: { children: ReactNode; label: string }): ReactNode {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="striped">{children}</table>
    </div>
  );
}

export function Pager({ cursors, next, onPage }: { cursors: Array<string | undefined>; next: string | null | undefined; onPage: (cursors: Array<string | undefined>) => void }): ReactNode {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="secondary" disabled={cursors.length <= 1} onClick={() => onPage(cursors.slice(0, -1))}>
        Newer
      </button>
      <span>Page {cursors.length}</span>
      <button type="button" className="secondary" disabled={!next} onClick={() => next && onPage([...cursors, next])}>
        Older
      </button>
    </nav>
  );
}

export function Json({ value }: { value: unknown }): ReactNode {
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}
