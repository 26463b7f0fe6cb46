import { useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api';
import { Badge, Loading, ProblemView, Table, When } from '../components';
import { field, useAction, useLoad } from '../hooks';
import { useSession } from '../session';
import type { ApiKey, Tenant } from '../types';

const ROLES = ['admin', 'maintainer', 'operator', 'approver', 'submitter', 'auditor'];

export function TenantsPage(): ReactNode {
  const { principal } = useSession();
  const tenants = useLoad((signal) => api<Tenant[]>('/admin/tenants', { signal, tenant: null }), []);
  const action = useAction();
  const create = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body = { tenant_id: field(form, 'tenant_id'), name: field(form, 'name') };
    if (await action.run(() => api('/admin/tenants', { method: 'POST', body, tenant: null }))) {
      formElement.reset();
      tenants.reload();
    }
  };
  const toggle = async (t: Tenant): Promise<void> => {
    if (await action.run(() => api(`/admin/tenants/${t.tenant_id}/${t.disabled_at ? 'enable' : 'disable'}`, { method: 'POST', tenant: null }))) tenants.reload();
  };
  return (
    <section>
      <h1>Tenants</h1>
      {principal.tenant_id === null && (
        <form className="inline" onSubmit={(e) => void create(e)} aria-label="New tenant">
          <input name="tenant_id" aria-label="Tenant id" placeholder="tenant id" required pattern="[a-z0-9][a-z0-9_-]{0,62}" />
          <input name="name" aria-label="Name" placeholder="name" required />
          <button type="submit" disabled={action.running}>
            Create tenant
          </button>
        </form>
      )}
      <ProblemView error={action.error} />
      <ProblemView error={tenants.error} />
      <Loading loading={tenants.loading && !tenants.data} />
      {tenants.data && (
        <Table label="Tenants">
          <thead>
            <tr>
              <th>Tenant</th>
              <th>Name</th>
              <th>Created</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tenants.data.map((t) => (
              <tr key={t.tenant_id}>
                <td>{t.tenant_id}</td>
                <td>{t.name}</td>
                <td>
                  <When at={t.created_at} />
                </td>
                <td>
                  <Badge value={t.disabled_at ? 'disabled' : 'active'} />
                </td>
                <td>
                  {principal.tenant_id === null && (
                    <button type="button" className="secondary" onClick={() => void toggle(t)} disabled={action.running}>
                      {t.disabled_at ? 'Enable' : 'Disable'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

export function ApiKeysPage(): ReactNode {
  const { principal } = useSession();
  const keys = useLoad((signal) => api<ApiKey[]>('/admin/api-keys', { signal, tenant: null }), []);
  const action = useAction();
  const [created, setCreated] = useState<string | null>(null);
  const create = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const tenant = field(form, 'tenant_id');
    const days = field(form, 'expires_in_days');
    const body = {
      name: field(form, 'name'),
      roles: form.getAll('roles').filter((v): v is string => typeof v === 'string'),
      tenant_id: principal.tenant_id ?? (tenant || undefined),
      expires_in_days: days ? Number(days) : undefined,
    };
    const result = await action.run(() => api<{ key: string }>('/admin/api-keys', { method: 'POST', body, tenant: null }));
    if (result) {
      setCreated(result.key);
      formElement.reset();
      keys.reload();
    }
  };
  const revoke = async (id: string): Promise<void> => {
    if (await action.run(() => api(`/admin/api-keys/${id}`, { method: 'DELETE', tenant: null }))) keys.reload();
  };
  return (
    <section>
      <h1>API keys</h1>
      <form onSubmit={(e) => void create(e)} aria-label="New API key">
        <div className="grid">
          <input name="name" aria-label="Key name" placeholder="name" required maxLength={100} />
          {principal.tenant_id === null && <input name="tenant_id" aria-label="Tenant (empty: platform)" placeholder="tenant (empty: platform)" />}
          <input name="expires_in_days" aria-label="Expires in days" placeholder="expires in days" inputMode="numeric" />
        </div>
        <fieldset className="roles">
          <legend>Roles</legend>
          {ROLES.map((role) => (
            <label key={role}>
              <input type="checkbox" name="roles" value={role} /> {role}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={action.running}>
          Create key
        </button>
      </form>
      {created && (
        <p className="notice" role="status">
          New key (shown once, copy it now): <code data-testid="new-key">{created}</code>
        </p>
      )}
      <ProblemView error={action.error} />
      <ProblemView error={keys.error} />
      <Loading loading={keys.loading && !keys.data} />
      {keys.data && (
        <Table label="API keys">
          <thead>
            <tr>
              <th>Name</th>
              <th>Prefix</th>
              <th>Roles</th>
              <th>Tenant</th>
              <th>Expires</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}</code>
                </td>
                <td>{k.roles.join(', ')}</td>
                <td>{k.tenant_id ?? 'platform'}</td>
                <td>
                  <When at={k.expires_at} />
                </td>
                <td>
                  <When at={k.last_used_at} />
                </td>
                <td>
                  {k.revoked_at ? (
                    <span className="badge muted">revoked</span>
                  ) : (
                    <button type="button" className="secondary" onClick={() => void revoke(k.id)} disabled={action.running}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
