export * from './correlation-id';
export * from './log-context';
export * from './log-level';
export * from './logging.module';
export * from './redaction';
