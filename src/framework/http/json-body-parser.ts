import type { Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ValidationError } from '../errors';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth';

/**
 * The application/json parser: Fastify's own (prototype-poisoning checks included), with the raw
 * bytes kept for the routes that store documents, behind a nesting limit so a hostile body is a
 * 400 before anything walks it recursively. Registered instead of Nest's default JSON parser.
 */
export function registerJsonBodyParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', { bodyLimit }, (request, body, done) => {
    if (jsonDepthExceeds(body)) {
      done(new ValidationError(`The JSON body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels.`, [{ field: 'body', reason: `must not nest deeper than ${MAX_JSON_DEPTH} levels` }]), undefined);
      return;
    }
    void parse(request, body.toString('utf8'), done);
  });
}
