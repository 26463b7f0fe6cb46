import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyAuthenticator } from './api-keys/api-key.authenticator';
import { ApiKeyEntity } from './api-keys/api-key.entity';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { ApiKeyService } from './api-keys/api-key.service';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { BootstrapApiKey } from './api-keys/bootstrap-api-key';
import { FirstAdminKey } from './api-keys/first-admin-key';
import { AuthGuard } from './auth.guard';
import { AuthenticatorChain } from './authenticator-chain';
import { AUTH_CLOCK, systemClock } from './clock';
import { DocsAccess } from './docs-access';
import { JwtAuthenticator } from './jwt/jwt.authenticator';
import { FailedAuthThrottle } from './throttle/failed-auth-throttle';

/**
 * Identity and access: the global guard, the authenticator chain (API keys, bearer JWTs, and any
 * provider decorated with @RegisterAuthenticator in any module), API key management and the
 * protection of /docs.
 */
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([ApiKeyEntity])],
  controllers: [ApiKeysController],
  providers: [
    { provide: AUTH_CLOCK, useValue: systemClock },
    AuthenticatorChain,
    JwtAuthenticator,
    ApiKeyRepository,
    ApiKeyService,
    ApiKeyAuthenticator,
    FirstAdminKey,
    BootstrapApiKey,
    DocsAccess,
    FailedAuthThrottle,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthenticatorChain, ApiKeyService, AUTH_CLOCK],
})
export class AuthModule {}
