import { Module } from '@nestjs/common';
import { ManualReviewModule } from './manual-review.stage';
import { TenantSettings } from '../tenant-settings';
import { ThresholdRulesModule } from './threshold-rules.stage';

@Module({ providers: [ThresholdRulesModule, ManualReviewModule, TenantSettings] })
export class ApprovalStageModule {}
