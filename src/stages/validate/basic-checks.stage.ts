import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import type { ValidateInput, ValidationOutput } from '../../pipeline/contracts';
import { basicChecks } from './basic-checks';


@StageModule({
  id: 'basic-checks',
  name: 'Basic checks',
  version: '1.0.0',
  stage: 'validate',
  contract: { name: 'validate', version: '1.0.0' },
  guarantees: ['mandatory_fields', 'arithmetic'],
  isFallback: true,
  description: 'Mandatory fields and total arithmetic only.',
})
export class BasicChecksModule implements StageModuleImplementation<ValidateInput, ValidationOutput> {
  async execute(input: ValidateInput): Promise<ValidationOutput> {
    const errors = basicChecks(input.invoice);
    return { valid: errors.length === 0, rule_set: 'basic-checks', errors, warnings: [] };
  }
}
