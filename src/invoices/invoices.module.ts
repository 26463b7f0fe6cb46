import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PipelineRunModule } from '../pipeline/run/pipeline-run.module';
import { DocumentValidationService } from './document-validation.service';
import { ApprovalPolicy } from './approval-policy';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { InvoiceApprovalEntity } from './entities/invoice-approval.entity';
import { InvoiceApprovalRepository } from './invoice-approval.repository';
import { InvoiceEntity } from './entities/invoice.entity';
import { InvoiceRepository } from './invoice.repository';
import { InvoiceRunSubjects } from './invoice-run-subjects';
import { InvoiceShadowSubjects } from './invoice-shadow-subjects';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';
import { InvoiceRenderer } from './rendering/invoice-renderer';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';
import { ValidateController } from './validate.controller';

@Module({
  imports: [TypeOrmModule.forFeature([InvoiceEntity, IdempotencyKeyEntity, InvoiceApprovalEntity]), PipelineRunModule],
  controllers: [InvoicesController, ReviewController, ValidateController],
  providers: [InvoicesService, ReviewService, ApprovalPolicy, InvoiceApprovalRepository, InvoiceRepository, InvoiceRunSubjects, InvoiceShadowSubjects, DocumentValidationService, InvoiceRenderer],
  // The operator console's overview reads its counts through the repository.
  exports: [InvoiceRepository],
})
export class InvoicesModule {}
