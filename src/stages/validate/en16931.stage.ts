import { IsBoolean, IsOptional } from 'class-validator';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { EngineClient } from '../engine/engine-client';
import type { ValidateInput, ValidationOutput } from '../../pipeline/contracts';

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
  description: 'The EN 16931 business and code-list rules of the invoice engine, plus the syntax-binding rules for XML sources.',
})
export class En16931Module implements StageModuleImplementation<ValidateInput, ValidationOutput, En16931Settings> {
  constructor(private readonly engine: EngineClient) {}

  async execute(input: ValidateInput, context: StageCallContext<En16931Settings>): Promise<ValidationOutput> {
    const includeWarnings = context.settings.include_warnings !== false;
    if (!input.parsed) {
      // A lenient extraction holds only the core fields: the business rules would report what the
      // extraction could not read, not what the document lacks. The stage's fallback judges it.
      if (input.invoice.partial) throw new Error('en16931 does not judge a partially extracted invoice');
      // Canonical JSON: the same business rules over the engine model built from it (no syntax binding).
      return this.engine.validateJson(input.invoice, includeWarnings, context.signal);
    }
    const report = await this.engine.validate(input.parsed, context.signal);
    return {
      valid: report.valid,
      rule_set: 'en16931',
      syntax_binding: report.syntax,
      errors: report.errors,
      warnings: includeWarnings ? report.warnings : [],
    };
  }
}
