export * from './clock';
export * from './job-definition';
export * from './scheduler.config';
export * from './scheduler.module';
export * from './scheduler.service';
