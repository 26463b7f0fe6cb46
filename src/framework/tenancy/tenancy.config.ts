import { IsIn, IsInt, Max, Min } from 'class-validator';
import { Setting } from '../config/setting.decorator';

export const TENANCY_MODES = ['strict', 'permissive'] as const;
export type TenancyMode = (typeof TENANCY_MODES)[number];

export class TenancyConfig {
  @Setting({
    env: 'TENANCY_MODE',
    description: 'strict: a tenant-scoped request without a tenant gets 400; permissive: it falls back to the default tenant.',
    dynamic: true,
  })
  @IsIn(TENANCY_MODES)
  tenancyMode: TenancyMode = 'strict';

  @Setting({
    env: 'TENANT_CACHE_TTL_MS',
    description: 'How long a replica trusts its cached copy of a tenant (disabled flag, overrides) before reading it again.',
    dynamic: true,
  })
  @IsInt()
  @Min(0)
  @Max(3600000)
  tenantCacheTtlMs: number = 30000;
}
