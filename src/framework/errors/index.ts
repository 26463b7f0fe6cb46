export * from './app-error';
export * from './database-unavailable';
export * from './error-types';
export * from './problem-details';
export * from './problem-details.filter';
