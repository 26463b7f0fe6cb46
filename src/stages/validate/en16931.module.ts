import { IsBoolean, IsOptional } from 'class-validator';
import { StageModule } from '../../pipeline/catalogue/stage-module.decorator';
import type { StageCallContext, StageModuleImplementation } from '../../pipeline/catalogue/stage-module';
import { EngineClient } from '../engine/engine-client';
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
  settings: En16931Settings,
  description: 'The EN 16931 business, code-list and syntax-binding rules of the invoice engine.',
})
export class En16931Module implements StageModuleImplementation<ValidateInput, ValidationOutput, En16931Settings> {
  constructor(private readonly engine: EngineClient) {}

  async execute(input: ValidateInput, context: StageCallContext<En16931Settings>): Promise<ValidationOutput> {
    // The rules read the XML tree; a canonical JSON invoice has none, so the stage's fallback applies.
    if (!input.parsed) throw new Error('en16931 needs an XML source document; this invoice has none');
    const report = await this.engine.validate(input.parsed, context.signal);
    return {
      valid: report.valid,
      rule_set: 'en16931',
      errors: report.errors,
      warnings: context.settings.include_warnings === false ? [] : report.warnings,
    };
  }
}
