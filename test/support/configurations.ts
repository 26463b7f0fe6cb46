import { json } from './test-app';

export interface SelectionBody {
  stage_id: string;
  module_id: string;
  settings?: Record<string, unknown>;
}

/**
 * Creates a configuration with these selections through the API, validates it and activates it,
 * as an operator would; fails unless the activation took effect at once. Returns its config_id.
 */
export async function activateSelections(baseUrl: string, headers: Record<string, string>, selections: SelectionBody[]): Promise<string> {
  const call = async (path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return json<{ config_id: string; state?: string }>(response);
  };
  const { config_id: configId } = await call('/configurations', { selections });
  await call(`/configurations/${configId}/validate`);
  const activated = await call(`/configurations/${configId}/activate`);
  if (activated.state !== 'activated') throw new Error(`configuration ${configId} not activated: ${JSON.stringify(activated)}`);
  return configId;
}
