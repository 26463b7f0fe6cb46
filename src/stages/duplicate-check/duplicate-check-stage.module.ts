import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FingerprintRepository } from './fingerprint.repository';
import { FingerprintModule } from './fingerprint.stage';
import { InvoiceFingerprintEntity } from './invoice-fingerprint.entity';

@Module({ imports: [TypeOrmModule.forFeature([InvoiceFingerprintEntity])], providers: [FingerprintRepository, FingerprintModule] })
export class DuplicateCheckStageModule {}
