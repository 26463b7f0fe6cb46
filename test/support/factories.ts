import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../../src/framework/auth';
import { asOwner } from './migrated-data-source';
import { json } from './test-app';

/**
 * The things tests arrange, made one way: tenants, API keys, invoices, configurations.
 * Database-level factories (integration tests) write rows as the schema owner, or inside a
 * tenant's transaction when given an EntityManager; HTTP factories (e2e tests) go through the
 * admin and invoice API as a client would, and fail unless the API answers with success.
 */

export interface TenantSeed {
  tenantId: string;
  name?: string;
}

/** Tenant rows (name defaults to the id), as the schema owner. */
export async function insertTenants(dataSource: DataSource, ...tenants: Array<string | TenantSeed>): Promise<void> {
  await asOwner(dataSource, async (manager) => {
    for (const tenant of tenants) {
      const { tenantId, name = tenantId } = typeof tenant === 'string' ? { tenantId: tenant } : tenant;
      await manager.query(`INSERT INTO tenants (tenant_id, name) VALUES ($1, $2)`, [tenantId, name]);
    }
  });
}

export interface InvoiceSeed {
  tenantId?: string;
  document?: string;
  contentType?: string;
}

/**
 * An invoice row (status received, a tiny XML document with its real SHA-256 and size); returns
 * its id. On a DataSource it is written as the schema owner; on an EntityManager (e.g. inside
 * `TenantDatabase.transaction`) as whoever that transaction acts as.
 */
export async function insertInvoice(target: DataSource | EntityManager, seed: InvoiceSeed = {}): Promise<string> {
  const { tenantId = 'default', document = '<a/>', contentType = 'application/xml' } = seed;
  const bytes = Buffer.from(document);
  const insert = (manager: EntityManager) =>
    manager.query<Array<{ id: string }>>(
      `INSERT INTO invoices (tenant_id, content_type, document, document_sha256, size_bytes) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [tenantId, contentType, bytes, createHash('sha256').update(bytes).digest('hex'), bytes.length],
    );
  const [{ id }] = target instanceof DataSource ? await asOwner(target, insert) : await insert(target);
  return id;
}

/** A client of the running app's API with the given credentials (see authHeaders, or `{ 'x-api-key': key }`). */
export interface ApiClient {
  baseUrl: string;
  headers: Record<string, string>;
}

async function post<T>(client: ApiClient, path: string, body: unknown, expected = 201): Promise<T> {
  const response = await fetch(`${client.baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { ...client.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== expected) throw new Error(`POST ${path} answered ${response.status}, not ${expected}: ${await response.text()}`);
  return json<T>(response);
}

export interface TenantBody {
  tenant_id: string;
  name?: string;
  config?: Record<string, unknown>;
}

/** Creates a tenant through the admin API (name defaults to the id); the client needs the admin role. */
export function createTenant(client: ApiClient, tenant: TenantBody | string): Promise<Record<string, unknown>> {
  const body = typeof tenant === 'string' ? { tenant_id: tenant } : tenant;
  return post(client, '/admin/tenants', { name: body.tenant_id, ...body });
}

export interface ApiKeyBody {
  roles: Role[];
  name?: string;
  tenant_id?: string;
  expires_in_days?: number;
}

/** Issues an API key through the admin API (name defaults to its roles); returns the key, shown only this once, and its prefix. */
export function createApiKey(client: ApiClient, key: ApiKeyBody): Promise<{ key: string; prefix: string } & Record<string, unknown>> {
  return post(client, '/admin/api-keys', { name: key.roles.join('+'), ...key });
}

export interface SubmitOptions {
  contentType?: string;
  /** `?wait=true`: the answer comes when the pipeline has finished with the invoice. */
  wait?: boolean;
  idempotencyKey?: string;
}

/** Submits an invoice document; returns the response, whatever its status, for the test to judge. */
export function submitInvoice(client: ApiClient, document: Buffer | string, options: SubmitOptions = {}): Promise<Response> {
  const { contentType = 'application/xml', wait = false, idempotencyKey } = options;
  return fetch(`${client.baseUrl}/api/v1/invoices${wait ? '?wait=true' : ''}`, {
    method: 'POST',
    headers: { ...client.headers, 'content-type': contentType, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: document,
  });
}

/** Configurations: create, validate and activate a set of stage selections (test/support/configurations.ts). */
export { activateSelections, type SelectionBody } from './configurations';
