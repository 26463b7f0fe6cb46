import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AuthConfig } from '../auth.config';
import { ApiKeyService } from './api-key.service';

/** Applies BOOTSTRAP_ADMIN_API_KEY once the schema is migrated (TypeORM runs migrations before this). */
@Injectable()
export class BootstrapApiKey implements OnApplicationBootstrap {
  constructor(
    private readonly config: AuthConfig,
    private readonly keys: ApiKeyService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.syncBootstrapKey(this.config.bootstrapAdminApiKey);
  }
}
