import { rmSync } from 'node:fs';
import { dropDatabase, serverUrl, TEMPLATE_ENV } from './test-database';

/** Jest globalTeardown: removes the template global-setup.ts made. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return;
  delete process.env[TEMPLATE_ENV];
  const server = serverUrl();
  if (server) await dropDatabase(server, template);
  else rmSync(template, { force: true });
}
