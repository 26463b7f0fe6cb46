export * from './data-source-options';
export * from './database.module';
export * from './embedded-postgres';
export * from './notification-listener';
export * from './service-role';
export * from './tenant-database';
export * from './sql-literal';
export * from './sql-fragment';
