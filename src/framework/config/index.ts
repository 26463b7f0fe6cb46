export * from './app.config';
export * from './config-loader';
export * from './config-set';
export * from './config.module';
export * from './setting.decorator';
export * from './config-diff';
export * from './config-file';
export * from './config-sample';
