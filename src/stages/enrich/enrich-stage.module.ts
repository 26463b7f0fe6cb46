import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SupplierDirectory } from './supplier-directory';
import { SupplierDirectoryDbModule } from './supplier-directory-db.stage';
import { SupplierDirectoryHttpModule } from './supplier-directory-http.stage';
import { SupplierEntity } from './supplier.entity';

@Module({
  imports: [TypeOrmModule.forFeature([SupplierEntity])],
  providers: [SupplierDirectory, SupplierDirectoryHttpModule, SupplierDirectoryDbModule],
})
export class EnrichStageModule {}
