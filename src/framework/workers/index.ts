export * from './worker-errors';
export * from './worker-pool';
export * from './workers.config';
export * from './workers.module';
