import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class FeedQuery {
  @ApiPropertyOptional({ description: 'Opaque cursor from next_cursor: entries after it. Without one, the feed from its start.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}

export class FeedEntryDto {
  @ApiProperty({ format: 'uuid' }) entry_id!: string;
  @ApiProperty({ format: 'uuid' }) invoice_id!: string;
  @ApiProperty({ format: 'uuid' }) run_id!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ nullable: true, type: String, enum: ['auto_approved', 'needs_approval', 'rejected'] }) decision!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'The validation verdict as it stood: {valid, degraded, rule_set}.' }) validation!: unknown;
  @ApiProperty({ type: Object, description: 'The canonical invoice (amounts as decimal strings).' }) invoice!: unknown;
}

export class FeedPageDto {
  @ApiProperty({ type: [FeedEntryDto] }) items!: FeedEntryDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as ?cursor= for the entries after this page. Always given once the feed has entries: an empty page returns the cursor it was asked with, so a poller keeps its place.',
  })
  next_cursor!: string | null;
}
