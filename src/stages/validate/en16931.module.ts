import { IsBoolean, IsOptional } from 'class-validator';
import { validateInvoice } from '../../einvoice';
import { InputFault } from '../../pipeline/catalogue/stage-fault';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import type { ValidateInput, ValidationOutput } from '../stage-io';

export class En16931Settings {
  /** Report warning-level rules (default true); false keeps reports short. */
  @IsOptional()
  @IsBoolean()
  include_warnings?: boolean = true;
}

@StageModule({
  id: 'en16931',
  name: 'EN 16931 business rules',
  version: '1.0.0',
  stage: 'validate',
  contract: { name: 'validate', version: '1.0.0' },
  guarantees: ['mandatory_fields', 'arithmetic', 'business_rules', 'code_lists', 'syntax_binding'],
  settings: En16931Settings,
  description: 'The EN 16931 business, code-list and syntax-binding rules of the invoice engine.',
})
export class En16931Module implements StageModuleImplementation<ValidateInput, ValidationOutput, En16931Settings> {
  async execute(input: ValidateInput, context: StageCallContext<En16931Settings>): Promise<ValidationOutput> {
    // The rules read the XML tree; without one this module cannot judge the input (a verdict, not a fault).
    if (!input.parsed) throw new InputFault('unsupported_input', 'en16931 needs an XML source document; this invoice has none');
    const report = validateInvoice(input.parsed);
    const finding = (f: { rule: string; message: string; location: string }) => ({ rule: f.rule, message: f.message, location: f.location });
    return {
      valid: report.valid,
      rule_set: 'en16931',
      errors: report.errors.map(finding),
      warnings: context.settings.include_warnings === false ? [] : report.warnings.map(finding),
    };
  }
}
