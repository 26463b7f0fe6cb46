import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantEntity } from './tenant.entity';

/** Tenants table; tenant resolution per caller builds on it once identity exists. */
@Global()
@Module({ imports: [TypeOrmModule.forFeature([TenantEntity])], exports: [TypeOrmModule] })
export class TenancyModule {}
