export * from './app-error';
export * from './database-errors';
export * from './error-types';
export * from './problem-details';
export * from './problem-details.filter';
