import { SetMetadata } from '@nestjs/common';

export const AUTHENTICATOR_ORDER = 'auth:authenticator-order';

/**
 * Registers a provider class implementing Authenticator in the chain: declare it as a provider of
 * any module and it joins. Lower order is asked first; the built-ins use 100 (API key) and 200
 * (bearer JWT).
 */
export const RegisterAuthenticator = (order = 500): ClassDecorator => SetMetadata(AUTHENTICATOR_ORDER, order);
