export * from './health-contributor';
export * from './health-snapshot';
export * from './health-status';
export * from './health.config';
export * from './health.module';
export * from './health.service';
