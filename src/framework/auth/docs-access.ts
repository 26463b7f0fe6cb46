import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../errors';
import { AuthConfig } from './auth.config';
import { authenticateWith, refusal } from './auth.guard';
import { AuthenticatorChain } from './authenticator-chain';
import { FailedAuthThrottle } from './throttle/failed-auth-throttle';

/** /docs, /docs/<asset>, /docs-json, /docs-yaml: served by Fastify through @nestjs/swagger. */
const DOCS_PATH = /^\/docs(?:[/?-]|$)/;

/**
 * The OpenAPI UI and document are Fastify routes, not Nest handlers, so the global guard never
 * sees them; unless DOCS_PUBLIC=true this Fastify hook asks the same authenticator chain.
 */
@Injectable()
export class DocsAccess implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AuthConfig,
    private readonly chain: AuthenticatorChain,
    private readonly throttle: FailedAuthThrottle,
  ) {}

  onModuleInit(): void {
    if (this.config.docsPublic) return;
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (!DOCS_PATH.test(request.url)) return;
      try {
        await authenticateWith(this.chain, request);
      } catch (error) {
        const answer = await refusal(error, this.throttle, request, reply, { method: request.method, route: '/docs', correlationId: String(request.id) });
        sendProblem(answer, request, reply);
        return reply;
      }
    });
  }
}
