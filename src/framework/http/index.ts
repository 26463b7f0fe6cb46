export * from './fastify-options';
export * from './validation.pipe';
