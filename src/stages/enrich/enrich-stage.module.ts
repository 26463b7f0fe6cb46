import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SupplierCache } from './supplier-cache';
import { SupplierDirectory } from './supplier-directory';
import { SupplierDirectoryDbModule } from './supplier-directory-db.stage';
import { SupplierDirectoryHttpModule } from './supplier-directory-http.stage';
import { SupplierEntity } from './supplier.entity';
import { SupplierRepository } from './supplier.repository';

@Module({
  imports: [TypeOrmModule.forFeature([SupplierEntity])],
  providers: [SupplierRepository, SupplierCache, SupplierDirectory, SupplierDirectoryHttpModule, SupplierDirectoryDbModule],
})
export class EnrichStageModule {}
