export * from './fastify-options';
export * from './validation.pipe';
export * from './client-errors';
export * from './json-body-parser';
export * from './json-depth';
export * from './optional';
