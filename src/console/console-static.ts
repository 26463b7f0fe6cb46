import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthConfig } from '../framework/auth';
import { NotFoundError, sendProblem } from '../framework/errors';
import { ConsoleConfig } from './console.config';
import { consoleContentSecurityPolicy } from './console-csp';
import { CONSOLE_BUNDLE_DIR } from './console-paths';

export const CONSOLE_PATH = '/console';

/** What the page learns before anyone logs in: how it may log in. Nothing secret. */
export interface ConsolePublicConfig {
  api_base: string;
  oidc: { issuer: string; client_id: string; scope: string } | null;
}

/**
 * Serves the console's static bundle on the Fastify instance, outside Nest's routing, so no route
 * of it can reach data: everything under /console is public and the page calls the API with the
 * user's own credentials. Hashed assets are cached for a year (immutable); index.html and
 * config.json are revalidated on every load; any other path under /console is the application
 * (index.html) so deep links and reloads work. Every response carries the console's CSP.
 */
@Injectable()
export class ConsoleStaticFiles implements OnModuleInit {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: ConsoleConfig,
    private readonly auth: AuthConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.consoleEnabled) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const csp = consoleContentSecurityPolicy(this.auth.oidcIssuer);
    const publicConfig: ConsolePublicConfig = {
      api_base: '/api/v1',
      oidc: this.auth.oidcIssuer && this.config.consoleOidcClientId ? { issuer: this.auth.oidcIssuer, client_id: this.config.consoleOidcClientId, scope: this.config.consoleOidcScope } : null,
    };
    const indexFile = join(CONSOLE_BUNDLE_DIR, 'index.html');
    const index = existsSync(indexFile) ? readFileSync(indexFile) : undefined;
    if (!index) this.logger.warn({ path: CONSOLE_BUNDLE_DIR }, 'the console is not built (npm run build): /console answers 404');

    const secure = (reply: FastifyReply): FastifyReply =>
      reply.header('content-security-policy', csp).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
    const sendIndex = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      if (!index) {
        sendProblem(new NotFoundError('The operator console is not built on this installation (npm run build builds it).'), request, reply);
        return;
      }
      await secure(reply).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
    };

    fastify.register(async (scope: FastifyInstance) => {
      scope.get(`${CONSOLE_PATH}/config.json`, async (_request, reply) => {
        await secure(reply).header('cache-control', 'no-cache').send(publicConfig);
      });
      if (index) {
        await scope.register(fastifyStatic, {
          root: join(CONSOLE_BUNDLE_DIR, 'assets'),
          prefix: `${CONSOLE_PATH}/assets/`,
          decorateReply: false,
          index: false,
          // Vite names every asset by its content hash: a new build is a new URL.
          cacheControl: false,
          setHeaders: (reply) => {
            void reply.header('cache-control', 'public, max-age=31536000, immutable').header('content-security-policy', csp).header('x-content-type-options', 'nosniff');
          },
        });
      }
      scope.get(CONSOLE_PATH, sendIndex);
      scope.get(`${CONSOLE_PATH}/*`, async (request, reply) => {
        // A missing asset is a 404, not the application.
        if (request.url.startsWith(`${CONSOLE_PATH}/assets/`)) {
          sendProblem(new NotFoundError(`No console asset at ${request.url.split('?')[0]}.`), request, reply);
          return;
        }
        await sendIndex(request, reply);
      });
    });
  }
}
