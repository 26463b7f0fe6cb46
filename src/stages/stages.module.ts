import { Module } from '@nestjs/common';
import { ApprovalStageModule } from './approval/approval-stage.module';
import { DuplicateCheckStageModule } from './duplicate-check/duplicate-check-stage.module';
import { EnrichStageModule } from './enrich/enrich-stage.module';
import { ExportStageModule } from './export/export-stage.module';
import { ParseStageModule } from './parse/parse-stage.module';
import { ValidateStageModule } from './validate/validate-stage.module';

/** Every production stage module; the module catalogue discovers them at boot. */
@Module({
  imports: [ParseStageModule, ValidateStageModule, EnrichStageModule, DuplicateCheckStageModule, ApprovalStageModule, ExportStageModule],
  exports: [ExportStageModule],
})
export class StagesModule {}
