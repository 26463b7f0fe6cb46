import { Module } from '@nestjs/common';
import { ManualReviewModule } from './manual-review.module';
import { TenantSettings } from '../tenant-settings';
import { ThresholdRulesModule } from './threshold-rules.module';

@Module({ providers: [ThresholdRulesModule, ManualReviewModule, TenantSettings] })
export class ApprovalStageModule {}
