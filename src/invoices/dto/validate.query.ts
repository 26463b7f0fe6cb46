import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RULE_SET_IDS, type RuleSetId } from '../../einvoice';

/** POST /validate?rule_set=...: the rule set to judge by. */
export class ValidateQuery {
  @ApiPropertyOptional({
    enum: RULE_SET_IDS,
    description: "The rule set to judge by. Default: the one the document's specification identifier (CustomizationID, BT-24) claims; en16931 when it claims none the engine knows.",
  })
  @IsOptional()
  @IsIn(RULE_SET_IDS, { message: `rule_set must be one of ${RULE_SET_IDS.join(', ')}` })
  rule_set?: RuleSetId;
}
