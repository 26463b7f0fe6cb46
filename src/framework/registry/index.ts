export * from './dependency-graph';
export * from './publish-service.decorator';
export * from './registry-discovery';
export * from './registry.module';
export * from './service-descriptor';
export * from './service-registry';
