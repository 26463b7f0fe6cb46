export * from './app.config';
export * from './config-loader';
export * from './config-set';
export * from './config.module';
export * from './setting.decorator';
