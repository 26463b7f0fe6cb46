export * from './default-tenant';
export * from './tenant.entity';
export * from './tenancy.module';
