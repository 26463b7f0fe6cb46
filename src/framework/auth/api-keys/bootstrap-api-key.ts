import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AuthConfig } from '../auth.config';
import { ApiKeyService } from './api-key.service';
import { FirstAdminKey } from './first-admin-key';

/**
 * Applies BOOTSTRAP_ADMIN_API_KEY once the schema is migrated (TypeORM runs migrations before this),
 * then gives a first start without any credential its admin key file; in this order, so a
 * bootstrap key that was just revoked does not count as a credential.
 */
@Injectable()
export class BootstrapApiKey implements OnApplicationBootstrap {
  constructor(
    private readonly config: AuthConfig,
    private readonly keys: ApiKeyService,
    private readonly firstKey: FirstAdminKey,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.syncBootstrapKey(this.config.bootstrapAdminApiKey);
    await this.firstKey.ensure();
  }
}
