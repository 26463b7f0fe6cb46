export * from './common';
export * from './party';
export * from './line';
export * from './invoice';
