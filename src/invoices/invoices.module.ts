import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PipelineRunModule } from '../pipeline/run/pipeline-run.module';
import { DocumentValidationService } from './document-validation.service';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { InvoiceEntity } from './entities/invoice.entity';
import { InvoiceRepository } from './invoice.repository';
import { InvoiceRunSubjects } from './invoice-run-subjects';
import { InvoiceShadowSubjects } from './invoice-shadow-subjects';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';
import { InvoiceRenderer } from './rendering/invoice-renderer';
import { ValidateController } from './validate.controller';

@Module({
  imports: [TypeOrmModule.forFeature([InvoiceEntity, IdempotencyKeyEntity]), PipelineRunModule],
  controllers: [InvoicesController, ValidateController],
  providers: [InvoicesService, InvoiceRepository, InvoiceRunSubjects, InvoiceShadowSubjects, DocumentValidationService, InvoiceRenderer],
  // The operator console's overview reads its counts through the repository.
  exports: [InvoiceRepository],
})
export class InvoicesModule {}
