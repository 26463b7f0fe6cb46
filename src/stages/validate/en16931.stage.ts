import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { EngineClient } from '../engine/engine-client';
import { TenantSettings } from '../tenant-settings';
import type { ValidateInput, ValidationOutput } from '../../pipeline/contracts';
import { judgeByRuleSet, RuleSetSettings } from './rule-set-module';

export class En16931Settings extends RuleSetSettings {}

@StageModule({
  id: 'en16931',
  name: 'EN 16931 business rules',
  version: '1.0.0',
  stage: 'validate',
  contract: { name: 'validate', version: '1.0.0' },
  guarantees: ['mandatory_fields', 'arithmetic', 'business_rules', 'code_lists', 'syntax_binding'],
  settings: En16931Settings,
  description: 'The EN 16931 business and code-list rules of the invoice engine, plus the syntax-binding rules for XML sources.',
})
export class En16931Module implements StageModuleImplementation<ValidateInput, ValidationOutput, En16931Settings> {
  constructor(
    private readonly engine: EngineClient,
    private readonly tenantSettings: TenantSettings,
  ) {}

  execute(input: ValidateInput, context: StageCallContext<En16931Settings>): Promise<ValidationOutput> {
    return judgeByRuleSet(this.engine, this.tenantSettings, 'en16931', input, context);
  }
}
