import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../errors';
import { AuthConfig } from './auth.config';
import { CredentialsError } from './auth-errors';
import { authenticateWith } from './auth.guard';
import { AuthenticatorChain } from './authenticator-chain';
import { logDenial } from './security-log';
import { challengeFor } from './www-authenticate';

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
        if (error instanceof CredentialsError) {
          logDenial(error, { method: request.method, route: '/docs', correlationId: String(request.id) });
          void reply.header('www-authenticate', challengeFor(error));
        }
        sendProblem(error, request, reply);
        return reply;
      }
    });
  }
}
