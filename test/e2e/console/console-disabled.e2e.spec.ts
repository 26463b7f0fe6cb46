import { authHeaders } from '../../support/auth';
import { useTestApp } from '../../support/test-app';

/** CONSOLE_ENABLED=false: nothing is served under /console; the API (the overview included) is unchanged. */
describe('operator console turned off', () => {
  const app = useTestApp({ CONSOLE_ENABLED: false });

  it('answers 404 under /console and still serves the API', async () => {
    for (const path of ['/console', '/console/', '/console/invoices', '/console/config.json']) {
      const response = await fetch(app.url(path));
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const overview = await fetch(app.url('/api/v1/overview'), { headers: { ...(await authHeaders('admin')), 'x-tenant-id': 'default' } });
    expect(overview.status).toBe(200);
  });
});
