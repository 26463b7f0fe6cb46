import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FingerprintModule } from './fingerprint.stage';
import { InvoiceFingerprintEntity } from './invoice-fingerprint.entity';

@Module({ imports: [TypeOrmModule.forFeature([InvoiceFingerprintEntity])], providers: [FingerprintModule] })
export class DuplicateCheckStageModule {}
