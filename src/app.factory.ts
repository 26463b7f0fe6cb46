import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { AppConfig, ConfigSet } from './framework/config';
import { ProblemDetailsFilter, sendProblem, UriTooLongError } from './framework/errors';
import { createValidationPipe, fastifyOptions, MAX_URL_LENGTH, replaceJsonBodyParser } from './framework/http';
import { logRequestsOutside } from './framework/logging';
import { createOpenApiDocument } from './framework/openapi';
import { bindTenantStorage } from './framework/tenancy';
import { applyRuntimeFlags } from './runtime-flags';

export const API_PREFIX = 'api/v1';

/** Raw document types: kept as bytes, parsed later by the invoice engine. */
const RAW_BODY_TYPES = ['application/xml', 'text/xml', 'application/pdf'];

/**
 * Builds the whole application (used by main.ts, the tests and the benchmarks alike) and
 * initialises it; the caller decides whether and where to listen.
 */
export async function createApp(configs: ConfigSet, options: AppModuleOptions = {}): Promise<NestFastifyApplication> {
  const config = configs.get(AppConfig);
  applyRuntimeFlags(config);
  const adapter = new FastifyAdapter(fastifyOptions(config));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(configs, options), adapter, {
    bufferLogs: true,
    rawBody: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();

  const fastify = app.getHttpAdapter().getInstance();
  const logOutsidePrefix = logRequestsOutside(`/${API_PREFIX}/`);
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    logOutsidePrefix(request.raw, reply.raw);
    if (request.url.length > MAX_URL_LENGTH) {
      sendProblem(new UriTooLongError(`The request target is longer than ${MAX_URL_LENGTH} characters.`), request, reply);
      return reply;
    }
  });
  bindTenantStorage(fastify);
  fastify.addContentTypeParser(RAW_BODY_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setGlobalPrefix(API_PREFIX, {
    exclude: [{ path: 'health{/*path}', method: RequestMethod.ALL }, { path: 'metrics', method: RequestMethod.ALL }, { path: '.well-known/acme-challenge/:token', method: RequestMethod.GET }],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  if (config.docsEnabled) {
    const document = createOpenApiDocument(app, '/');
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }

  await app.init();
  replaceJsonBodyParser(fastify, config.bodyLimitBytes);
  return app;
}
