import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';

/** The authenticated caller, as set on the request by the authentication guard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  const request = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  return request.principal;
});
