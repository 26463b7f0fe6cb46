export * from './cardinality-guard';
export * from './metrics.config';
export * from './metrics.module';
export * from './metrics.service';
