import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RuleSetName } from '../../pipeline/contracts';

export class ValidationFindingDto {
  @ApiProperty({ example: 'BR-CO-14' }) rule!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ description: 'XPath-like location of the offending element.' }) location?: string;
  @ApiPropertyOptional({ example: 'BT-1', description: 'The business term or group (BT-n, BG-n) the rule names, when it names one.' }) business_term?: string;
}

/** POST /validate: the report for one document. */
export class DocumentReportDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ enum: ['en16931', 'peppol-bis3', 'xrechnung', 'xrechnung-extension', 'basic-checks'], description: 'The rule set that judged the document.' }) rule_set!: RuleSetName;
  @ApiPropertyOptional({ example: '3.0.19', description: "Version of the rule set's official artefacts." }) rule_set_version?: string;
  @ApiPropertyOptional({ enum: ['UBL', 'CII'], nullable: true, description: 'Syntax whose binding rules were applied (XML sources).' }) syntax_binding?: 'UBL' | 'CII' | null;
  @ApiProperty({ nullable: true, type: String, example: 'UBL' }) syntax!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'invoice' }) document_type!: string | null;
  @ApiProperty({ type: [ValidationFindingDto] }) errors!: ValidationFindingDto[];
  @ApiProperty({ type: [ValidationFindingDto] }) warnings!: ValidationFindingDto[];
}
