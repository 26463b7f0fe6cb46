import { Module } from '@nestjs/common';
import { ManualReviewModule } from './manual-review.module';
import { ThresholdRulesModule } from './threshold-rules.module';

@Module({ providers: [ThresholdRulesModule, ManualReviewModule] })
export class ApprovalStageModule {}
