import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../errors';
import { jsonDepthExceeds, jsonHasNul, MAX_JSON_DEPTH } from './json-depth';

/**
 * Replaces the application/json parser Nest registered at init with the same thing behind two
 * checks: Fastify's own parser (prototype-poisoning checks included), the raw bytes kept on
 * `request.rawBody` for the routes that store documents, and a 400 for a body nested deeper than
 * MAX_JSON_DEPTH (before anything walks it recursively) or holding a NUL character (which
 * PostgreSQL cannot store). Called after `app.init()`: registering a parser through Nest
 * beforehand skips Nest's own parser setup, which also scopes middleware to the global prefix.
 */
export function replaceJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body: Buffer, done) => {
    (request as typeof request & { rawBody?: Buffer }).rawBody = body;
    if (jsonDepthExceeds(body)) {
      done(new ValidationError(`The JSON body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels.`, [{ field: 'body', reason: `must not nest deeper than ${MAX_JSON_DEPTH} levels` }]), undefined);
      return;
    }
    if (jsonHasNul(body)) {
      done(new ValidationError('The JSON body contains a NUL character (\\u0000), which no field accepts.', [{ field: 'body', reason: 'strings must not contain NUL characters' }]), undefined);
      return;
    }
    void parse(request, body.toString('utf8'), done);
  });
}
