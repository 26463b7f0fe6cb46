import type { INestApplication } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { IS_PUBLIC } from '../auth/public.decorator';

export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'api_key';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** operationId of a controller method: unique, because a controller name is. */
const operationId = (controller: string, method: string) => `${controller.replace(/Controller$/, '')}_${method}`;

/**
 * The OpenAPI document generators accept: both credential schemes, security on every operation
 * that is not @Public (the global guard protects everything else), servers, license, contact.
 */
export function createOpenApiDocument(app: INestApplication, serverUrl: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Invoice processing service')
    .setDescription(
      'EN 16931 invoices through a configurable, resilient stage pipeline. Every request and response body and query ' +
        'parameter is snake_case; errors are RFC 9457 problem documents (`application/problem+json`).',
    )
    .setVersion('1')
    .addServer(serverUrl, 'This instance (the paths carry the /api/v1 prefix)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT from the configured issuer (HS256 or JWKS).' }, BEARER_SCHEME)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (isk_…) created by an admin.' }, API_KEY_SCHEME)
    .build();
  config.info.contact = { name: 'Invoice service maintainers' };
  config.info.license = { name: 'UNLICENSED (proprietary, see package.json)' };
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: operationId });
  const publicOperations = publicOperationIds(app);
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.security = publicOperations.has(operation.operationId ?? '') ? [] : [{ [BEARER_SCHEME]: [] }, { [API_KEY_SCHEME]: [] }];
    }
  }
  return document;
}

/** operationIds of the routes marked @Public (on the controller or the method). */
function publicOperationIds(app: INestApplication): Set<string> {
  const ids = new Set<string>();
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
    if (!controller) continue;
    const classPublic = Reflect.getMetadata(IS_PUBLIC, controller) === true;
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      if (name === 'constructor') continue;
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function') continue;
      if (classPublic || Reflect.getMetadata(IS_PUBLIC, handler) === true) ids.add(operationId(controller.name, name));
    }
  }
  return ids;
}
