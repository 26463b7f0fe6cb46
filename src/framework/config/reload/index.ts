export * from './config-reload-events';
export * from './config-reload.errors';
export * from './config-reload.module';
export * from './config-reload.service';
export * from './log-level.reloader';
export * from './reloadable';
