import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { EngineClient } from '../engine/engine-client';
import { TenantSettings } from '../tenant-settings';
import type { ValidateInput, ValidationOutput } from '../../pipeline/contracts';
import { judgeByRuleSet, RuleSetSettings } from './rule-set-module';

export class XRechnungSettings extends RuleSetSettings {}

/** XRechnung 3.0; a document that claims the extension (its CustomizationID) is judged by the extension scenario. */
@StageModule({
  id: 'xrechnung',
  name: 'XRechnung 3.0',
  version: '1.0.0',
  stage: 'validate',
  contract: { name: 'validate', version: '1.0.0' },
  guarantees: ['mandatory_fields', 'arithmetic', 'business_rules', 'code_lists', 'syntax_binding'],
  settings: XRechnungSettings,
  description: 'EN 16931 plus the XRechnung 3.0 rules (BR-DE-*, BR-TMP-*); the extension scenario (BR-DEX-*) for documents that claim it.',
})
export class XRechnungModule implements StageModuleImplementation<ValidateInput, ValidationOutput, XRechnungSettings> {
  constructor(
    private readonly engine: EngineClient,
    private readonly tenantSettings: TenantSettings,
  ) {}

  execute(input: ValidateInput, context: StageCallContext<XRechnungSettings>): Promise<ValidationOutput> {
    return judgeByRuleSet(this.engine, this.tenantSettings, 'xrechnung', input, context);
  }
}
