import { ApiProperty } from '@nestjs/swagger';
import { INVOICE_MEDIA_TYPES, INVOICE_STATUSES, InvoiceEntity, InvoiceMediaType, InvoiceStatus } from '../entities/invoice.entity';

/** What the API tells about a stored invoice (never the raw document itself); snake_case like every API body. */
export class InvoiceReceiptDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: INVOICE_STATUSES })
  status!: InvoiceStatus;

  @ApiProperty({ enum: INVOICE_MEDIA_TYPES })
  content_type!: InvoiceMediaType;

  @ApiProperty({ description: 'SHA-256 of the raw document, hex.', example: 'e3b0c442…' })
  sha256!: string;

  @ApiProperty()
  size_bytes!: number;

  @ApiProperty({ format: 'date-time' })
  received_at!: string;

  @ApiProperty({ nullable: true, type: String, description: 'Invoice number (BT-1) once parsed.' })
  invoice_number!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Supplier name once parsed.' })
  supplier_name!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Amount due (BT-115, else BT-112) as a decimal string, once parsed.', example: '1234.50' })
  total!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Invoice currency (BT-5), once parsed.', example: 'EUR' })
  currency!: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Configuration version of the latest finished run.' })
  config_version!: number | null;

  @ApiProperty({ description: 'A fallback policy or a partial parse asks for a human review.' })
  review_required!: boolean;

  static from(invoice: InvoiceEntity): InvoiceReceiptDto {
    return {
      id: invoice.id,
      status: invoice.status,
      content_type: invoice.contentType,
      sha256: invoice.documentSha256,
      size_bytes: invoice.sizeBytes,
      received_at: invoice.receivedAt.toISOString(),
      invoice_number: invoice.invoiceNumber ?? null,
      supplier_name: invoice.supplierName ?? null,
      total: invoice.totalAmount ?? null,
      currency: invoice.currency ?? null,
      config_version: invoice.configVersion ?? null,
      review_required: invoice.reviewRequired ?? false,
    };
  }
}

/** The answer to a reprocess request: the receipt and the new run. */
export class ReprocessReceiptDto extends InvoiceReceiptDto {
  @ApiProperty({ format: 'uuid', description: 'The run started for the reprocessing.' }) run_id!: string;
}
