import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { MissingCredentialsError } from './auth-errors';
import { AUTHENTICATOR_ORDER } from './authenticator.decorator';
import type { Authenticator, AuthRequest } from './authenticator';
import type { Principal } from './principal';

/**
 * Every registered authenticator, asked in order; the first that recognises the request decides
 * (a principal, or its CredentialsError). Nobody recognising it means no credentials were sent.
 */
@Injectable()
export class AuthenticatorChain implements OnModuleInit {
  private authenticators: Authenticator[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && wrapper.instance && this.orderOf(wrapper.metatype) !== undefined)
      .map((wrapper) => ({ order: this.orderOf(wrapper.metatype!)!, instance: wrapper.instance as Authenticator }));
    const unique = [...new Map(found.map((f) => [f.instance, f])).values()];
    this.authenticators = unique.sort((a, b) => a.order - b.order).map((f) => f.instance);
  }

  /** Mechanisms in the order they are asked (for diagnostics and tests). */
  mechanisms(): string[] {
    return this.authenticators.map((a) => a.mechanism);
  }

  async authenticate(request: AuthRequest): Promise<Principal> {
    for (const authenticator of this.authenticators) {
      const principal = await authenticator.authenticate(request);
      if (principal) return principal;
    }
    throw new MissingCredentialsError();
  }

  private orderOf(metatype: unknown): number | undefined {
    if (typeof metatype !== 'function') return undefined;
    return this.reflector.get<number | undefined>(AUTHENTICATOR_ORDER, metatype as new () => unknown);
  }
}
