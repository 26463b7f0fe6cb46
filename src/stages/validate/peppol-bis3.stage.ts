import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { EngineClient } from '../engine/engine-client';
import { TenantSettings } from '../tenant-settings';
import type { ValidateInput, ValidationOutput } from '../../pipeline/contracts';
import { judgeByRuleSet, RuleSetSettings } from './rule-set-module';

export class PeppolBis3Settings extends RuleSetSettings {}

@StageModule({
  id: 'peppol-bis3',
  name: 'Peppol BIS Billing 3.0',
  version: '1.0.0',
  stage: 'validate',
  contract: { name: 'validate', version: '1.0.0' },
  guarantees: ['mandatory_fields', 'arithmetic', 'business_rules', 'code_lists', 'syntax_binding'],
  settings: PeppolBis3Settings,
  description: 'EN 16931 plus the Peppol BIS Billing 3.0 rules (PEPPOL-EN16931-*, PEPPOL-COMMON-*, code lists, national rules by seller country).',
})
export class PeppolBis3Module implements StageModuleImplementation<ValidateInput, ValidationOutput, PeppolBis3Settings> {
  constructor(
    private readonly engine: EngineClient,
    private readonly tenantSettings: TenantSettings,
  ) {}

  execute(input: ValidateInput, context: StageCallContext<PeppolBis3Settings>): Promise<ValidationOutput> {
    return judgeByRuleSet(this.engine, this.tenantSettings, 'peppol-bis3', input, context);
  }
}
