import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ValidationFindingDto {
  @ApiProperty({ example: 'BR-CO-14' }) rule!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ description: 'XPath-like location of the offending element.' }) location?: string;
}

/** POST /validate: the report for one document. */
export class DocumentReportDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ enum: ['en16931', 'basic-checks'] }) rule_set!: 'en16931' | 'basic-checks';
  @ApiPropertyOptional({ enum: ['UBL', 'CII'], nullable: true, description: 'Syntax whose binding rules were applied (en16931 only).' }) syntax_binding?: 'UBL' | 'CII' | null;
  @ApiProperty({ nullable: true, type: String, example: 'UBL' }) syntax!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'invoice' }) document_type!: string | null;
  @ApiProperty({ type: [ValidationFindingDto] }) errors!: ValidationFindingDto[];
  @ApiProperty({ type: [ValidationFindingDto] }) warnings!: ValidationFindingDto[];
}
