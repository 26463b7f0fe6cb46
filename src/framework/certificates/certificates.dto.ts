import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { CERTIFICATE_STATUSES } from './entities/certificate-status';
import type { CertificateEntity } from './entities/certificate.entity';

export class RegisterCertificateDto {
  @ApiProperty({ description: 'DNS names of one certificate; the first is its common name. No wildcards, no IP addresses.', example: ['invoices.example.com'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  domains!: string[];
}

/** What the API shows of a certificate: never the key, and not the PEM either. */
export class CertificateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: [String] }) domains!: string[];
  @ApiProperty({ enum: CERTIFICATE_STATUSES }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) expires_at!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) not_before!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Serial number of the current certificate (hex).' }) serial_number!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) last_renewal_attempt_at!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) last_error!: string | null;
  @ApiProperty({ description: 'Consecutive failed attempts.' }) failure_count!: number;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'When the renewal check tries next (backoff after failures).' })
  next_attempt_at!: string | null;

  static from(row: CertificateEntity): CertificateDto {
    const iso = (date: Date | null) => date?.toISOString() ?? null;
    return {
      id: row.id,
      domains: row.domains,
      status: row.status,
      expires_at: iso(row.expiresAt),
      not_before: iso(row.notBefore),
      serial_number: row.serialNumber,
      last_renewal_attempt_at: iso(row.lastRenewalAttemptAt),
      last_error: row.lastError,
      failure_count: row.failureCount,
      next_attempt_at: iso(row.nextAttemptAt),
    };
  }
}
