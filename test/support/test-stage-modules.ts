import { Module } from '@nestjs/common';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { StageModule } from '../../src/pipeline/catalogue/stage-module.decorator';
import type { StageModuleImplementation } from '../../src/pipeline/catalogue/stage-module';

/**
 * Stage modules that exist only in tests. The catalogue discovers them exactly like production
 * modules (Nest providers marked @StageModule), so configurations can select them.
 */
class Echo implements StageModuleImplementation {
  async execute(input: unknown): Promise<unknown> {
    return input;
  }
}

export class ParseSettings {
  @IsOptional()
  @IsIn(['strict', 'lenient'])
  mode?: 'strict' | 'lenient';
}

export class ThresholdSettings {
  @IsInt()
  @Min(0)
  threshold!: number;
}

@StageModule({ id: 'test-parse', name: 'Test parse', version: '1.2.0', stage: 'parse', contract: { name: 'parse', version: '1.0.0' }, settings: ParseSettings })
export class TestParse extends Echo {}

@StageModule({ id: 'test-parse-b', name: 'Test parse B', version: '1.0.0', stage: 'parse', contract: { name: 'parse', version: '1.0.0' } })
export class TestParseB extends Echo {}

@StageModule({ id: 'test-validate', name: 'Test validate', version: '1.0.0', stage: 'validate', contract: { name: 'validate', version: '1.0.0' } })
export class TestValidate extends Echo {}

@StageModule({
  id: 'test-validate-threshold',
  name: 'Test validate with settings',
  version: '1.0.0',
  stage: 'validate',
  contract: { name: 'validate', version: '1.0.0' },
  settings: ThresholdSettings,
})
export class TestValidateThreshold extends Echo {}

@StageModule({ id: 'test-dedupe', name: 'Test dedupe', version: '1.0.0', stage: 'duplicate-check', contract: { name: 'duplicate-check', version: '1.0.0' } })
export class TestDedupe extends Echo {}

/** Sits in the parse stage but declares the validate contract: never a valid parse selection. */
@StageModule({ id: 'test-wrong-contract', name: 'Wrong contract', version: '1.0.0', stage: 'parse', contract: { name: 'validate', version: '1.0.0' } })
export class TestWrongContract extends Echo {}

@Module({ providers: [TestParse, TestParseB, TestValidate, TestValidateThreshold, TestDedupe, TestWrongContract] })
export class TestStageModules {}

/** A valid selection of every required stage, with test modules. */
export const VALID_SELECTIONS = [
  { stage_id: 'parse', module_id: 'test-parse', settings: { mode: 'strict' } },
  { stage_id: 'validate', module_id: 'test-validate' },
  { stage_id: 'duplicate-check', module_id: 'test-dedupe' },
];
