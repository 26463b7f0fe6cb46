import { Injectable } from '@nestjs/common';
import { CredentialsError } from '../auth-errors';
import { headerValue, type Authenticator, type AuthRequest } from '../authenticator';
import { RegisterAuthenticator } from '../authenticator.decorator';
import type { Principal } from '../principal';
import { ApiKeyService } from './api-key.service';

export const API_KEY_HEADER = 'x-api-key';

/** `X-API-Key: isk_<prefix>_<secret>`. */
@RegisterAuthenticator(100)
@Injectable()
export class ApiKeyAuthenticator implements Authenticator {
  readonly mechanism = 'api-key';

  constructor(private readonly keys: ApiKeyService) {}

  async authenticate(request: AuthRequest): Promise<Principal | null> {
    if (request.headers[API_KEY_HEADER] === undefined) return null;
    const value = headerValue(request.headers, API_KEY_HEADER)?.trim();
    if (!value || value.length > 512) {
      throw new CredentialsError('The X-API-Key header is malformed.', 'malformed-credentials', this.mechanism);
    }
    return this.keys.verify(value);
  }
}
