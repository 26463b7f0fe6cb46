import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import type { ApprovalInput, ApprovalOutput } from '../../pipeline/contracts';


@StageModule({
  id: 'manual-review',
  name: 'Manual review',
  version: '1.0.0',
  stage: 'approval',
  contract: { name: 'approval', version: '1.0.0' },
  guarantees: ['deterministic'],
  isFallback: true,
  effectsInFinishOnly: true,
  description: 'Every invoice needs approval.',
})
export class ManualReviewModule implements StageModuleImplementation<ApprovalInput, ApprovalOutput> {
  async execute(): Promise<ApprovalOutput> {
    return { decision: 'needs_approval', reasons: ['manual review'] };
  }
}
