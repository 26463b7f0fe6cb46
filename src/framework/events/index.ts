export * from './event-bus';
export * from './event-message';
export * from './events.config';
export * from './events.module';
export * from './topics';
