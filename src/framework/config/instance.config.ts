import { hostname } from 'node:os';
import { IsString, Matches } from 'class-validator';
import { Setting } from './setting.decorator';

/**
 * This replica's identity. INSTANCE_ID appears in every log line (pino base field), as a default
 * label on every metric and in every lifecycle event, and names the instance layer of
 * configuration (`TENANT__<INSTANCE_ID>__APPROVAL_THRESHOLD` overrides a tenant default on this
 * replica only).
 */
export class InstanceConfig {
  @Setting({
    env: 'INSTANCE_ID',
    description: 'Name of this replica in logs, metrics and lifecycle events; default: the host name.',
    example: 'invoice-1',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, { message: 'must be 1-63 letters, digits, ".", "_" or "-"' })
  instanceId: string = defaultInstanceId();
}

/** The host name, cut to what INSTANCE_ID accepts (containers have short ones anyway). */
export function defaultInstanceId(): string {
  const name = hostname().replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 63);
  return name || 'instance';
}
