import { authHeaders } from '../../../support/auth';
import { json, RunningApp, useTestApp } from '../../../support/test-app';

/** The API's one casing: lower snake_case. */
const SNAKE_CASE = /^[a-z][a-z0-9_]*$/;

/**
 * No exceptions to snake_case: the problem documents' extension member is `correlation_id` too.
 * Settings maps keyed by setting (environment variable) names, e.g. a tenant's `config` and
 * `overrides` ({ TENANT_WEBHOOK_URL: ... }), are maps (additionalProperties), not properties,
 * so they never show up as property names.
 */
/** Keys of response maps keyed by setting names, not API fields. */
const SETTINGS_MAPS = new Set(['overrides']);

/** Operations reachable without credentials (@Public). */
const PUBLIC_OPERATIONS = ['Health_live', 'Health_ready', 'Health_snapshot', 'Metrics_scrape'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];
const PROBLEM = 'application/problem+json';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Response {
  content?: Record<string, { schema?: Schema; example?: unknown }>;
}
interface Operation {
  operationId: string;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, Response>;
  security?: Array<Record<string, string[]>>;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Document = any;

/** Every property name of a schema and its nested schemas, as `Owner.path.name`. */
function propertyNames(owner: string, schema: Schema | undefined, out: string[] = []): string[] {
  if (!schema || schema.$ref) return out;
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    out.push(`${owner}.${name}`);
    propertyNames(`${owner}.${name}`, property, out);
  }
  propertyNames(`${owner}[]`, schema.items, out);
  if (typeof schema.additionalProperties === 'object') propertyNames(`${owner}{}`, schema.additionalProperties, out);
  for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) propertyNames(owner, part, out);
  return out;
}

/** Every key of a JSON value that is not snake_case, skipping the settings maps. */
function nonSnakeKeys(value: unknown, path = '$', out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item, index) => nonSnakeKeys(item, `${path}[${index}]`, out));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (!SNAKE_CASE.test(key)) out.push(`${path}.${key}`);
      if (!SETTINGS_MAPS.has(key)) nonSnakeKeys(child, `${path}.${key}`, out);
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  const app = useTestApp({ DOCS_ENABLED: true });
  let running: RunningApp;
  let document: Document;
  let operations: Array<{ method: string; path: string; operation: Operation }>;

  beforeAll(async () => {
    running = app.running;
    const response = await fetch(`${running.baseUrl}/docs-json`);
    expect(response.status).toBe(200);
    document = await json(response);
    operations = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({ method, path, operation: item[method] })),
    );
  });

  it('declares the bearer and X-API-Key schemes, servers, license and contact', () => {
    expect(document.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      api_key: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
    });
    expect(document.servers).toEqual([expect.objectContaining({ url: expect.any(String) })]);
    expect(document.info.license).toEqual({ name: expect.any(String) });
    expect(document.info.contact).toEqual({ name: expect.any(String) });
  });

  it('documents every route, /metrics among them, each with a unique operationId', () => {
    const ids = operations.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(PUBLIC_OPERATIONS));
    expect(operations.length).toBeGreaterThanOrEqual(47);
    const metrics = operations.find((o) => o.path === '/metrics')?.operation;
    expect(metrics?.responses['200'].content?.['text/plain']?.schema).toEqual(expect.objectContaining({ type: 'string' }));
  });

  it('names every schema property, query and path parameter in snake_case', () => {
    const schemas = document.components.schemas as Record<string, Schema>;
    const names = Object.entries(schemas).flatMap(([name, schema]) => propertyNames(name, schema));
    for (const { operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const media of Object.values(response.content ?? {})) propertyNames(`${operation.operationId}.${status}`, media.schema, names);
      }
      for (const media of Object.values(operation.requestBody?.content ?? {})) propertyNames(`${operation.operationId}.body`, media.schema, names);
    }
    expect(names.length).toBeGreaterThan(200);
    const offending = names.filter((name) => !SNAKE_CASE.test(name.split('.').pop()!.replace(/(\[\]|\{\})+$/, '')));
    expect(offending).toEqual([]);
    expect(names).toContain('ProblemDetailsSchema.correlation_id');

    const parameters = operations.flatMap(({ operation }) => (operation.parameters ?? []).filter((p) => p.in === 'query' || p.in === 'path').map((p) => `${operation.operationId} ${p.in} ${p.name}`));
    expect(parameters.length).toBeGreaterThan(20);
    expect(parameters.filter((p) => !SNAKE_CASE.test(p.split(' ')[2]))).toEqual([]);
  });

  it('requires a bearer token or an API key on every operation but the public ones', () => {
    const both = [{ bearer: [] }, { api_key: [] }];
    for (const { operation } of operations) {
      if (PUBLIC_OPERATIONS.includes(operation.operationId)) expect([operation.operationId, operation.security]).toEqual([operation.operationId, []]);
      else expect([operation.operationId, operation.security]).toEqual([operation.operationId, both]);
    }
  });

  it('gives every operation a 2xx schema and problem+json error responses with examples', () => {
    for (const { operation } of operations) {
      const id = operation.operationId;
      const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      expect([id, success.length > 0]).toEqual([id, true]);
      for (const [status, response] of success) {
        if (status === '204') continue;
        const schemas = Object.values(response.content ?? {}).map((media) => media.schema);
        expect([id, status, schemas.length > 0 && schemas.every((schema) => schema && (schema.$ref || schema.type || schema.allOf))]).toEqual([id, status, true]);
        // A class, not an anonymous `object`.
        expect([id, status, schemas.some((schema) => schema?.type === 'object' && !schema.properties && !schema.additionalProperties)]).toEqual([id, status, false]);
      }
      const problems = Object.entries(operation.responses).filter(([status]) => /^[45]\d\d$/.test(status) && operation.responses[status].content?.[PROBLEM]);
      expect([id, problems.length > 0]).toEqual([id, true]);
      for (const [status, response] of problems) {
        const media = response.content![PROBLEM];
        expect([id, status, media.schema?.$ref]).toEqual([id, status, '#/components/schemas/ProblemDetailsSchema']);
        expect(media.example).toMatchObject({ status: Number(status), type: expect.stringMatching(/^urn:invoice-service:problem:/) });
      }
      if (!PUBLIC_OPERATIONS.includes(id)) {
        expect([id, ['400', '401', '403', '500'].filter((status) => !operation.responses[status]?.content?.[PROBLEM])]).toEqual([id, []]);
      }
    }
    expect(Object.keys(document.components.schemas.ProblemDetailsSchema.properties)).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'errors']),
    );
  });

  it('answers the admin APIs in snake_case, as documented', async () => {
    const headers = { ...(await authHeaders('admin')), 'content-type': 'application/json' };
    const created = await fetch(`${running.baseUrl}/api/v1/admin/tenants`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ tenant_id: 'acme', name: 'Acme', config: { TENANT_APPROVAL_THRESHOLD: '500' } }),
    });
    expect(created.status).toBe(201);
    const tenant = await json(created);
    expect(tenant).toMatchObject({ tenant_id: 'acme', overrides: { TENANT_APPROVAL_THRESHOLD: '500' }, disabled_at: null });
    const key = await fetch(`${running.baseUrl}/api/v1/admin/api-keys`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'erp', roles: ['submitter'], tenant_id: 'acme', expires_in_days: 30 }),
    });
    expect(key.status).toBe(201);
    expect(await json(key)).toMatchObject({ tenant_id: 'acme', expires_at: expect.any(String), created_by: expect.any(String) });
    // The old camelCase body is refused, not silently ignored.
    const camel = await fetch(`${running.baseUrl}/api/v1/admin/tenants`, { method: 'POST', headers, body: JSON.stringify({ tenantId: 'globex', name: 'Globex' }) });
    expect(camel.status).toBe(400);

    const bodies: unknown[] = [tenant];
    for (const path of ['/api/v1/admin/tenants', '/api/v1/admin/api-keys', '/api/v1/admin/lifecycle', '/api/v1/admin/services', '/api/v1/admin/config', '/api/v1/admin/scheduler/jobs', '/health']) {
      const response = await fetch(running.baseUrl + path, { headers });
      expect([path, response.status]).toEqual([path, 200]);
      bodies.push(await json(response));
    }
    expect(nonSnakeKeys(bodies)).toEqual([]);
  });
});
