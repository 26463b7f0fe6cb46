import { Injectable } from '@nestjs/common';
import { LifecycleParticipant } from '../../lifecycle/lifecycle-participant.decorator';
import type { Startable } from '../../lifecycle/lifecycle.types';
import { AuthConfig } from '../auth.config';
import { ApiKeyService } from './api-key.service';
import { FirstAdminKey } from './first-admin-key';

/**
 * Applies BOOTSTRAP_ADMIN_API_KEY once the schema is migrated (TypeORM runs migrations before this),
 * then gives a first start without any credential its admin key file; in this order, so a
 * bootstrap key that was just revoked does not count as a credential. The `auth` lifecycle
 * participant: this is the module's start (keys and JWKS are otherwise read per request).
 */
@Injectable()
@LifecycleParticipant({ name: 'auth', dependsOn: ['database', 'tenancy'] })
export class BootstrapApiKey implements Startable {
  constructor(
    private readonly config: AuthConfig,
    private readonly keys: ApiKeyService,
    private readonly firstKey: FirstAdminKey,
  ) {}

  async start(): Promise<void> {
    await this.keys.syncBootstrapKey(this.config.bootstrapAdminApiKey);
    await this.firstKey.ensure();
  }
}
