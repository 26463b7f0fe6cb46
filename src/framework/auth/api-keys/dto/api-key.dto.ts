import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../../roles';
import type { ApiKeyEntity } from '../api-key.entity';

/** An API key as listed: everything but the secret, which is never stored. */
export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Public part of the key (isk_<prefix>_…), for recognising it.' }) prefix!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiPropertyOptional({ nullable: true, type: String }) tenant_id!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) expires_at!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) revoked_at!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) last_used_at!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty() created_by!: string;

  static from(entity: ApiKeyEntity): ApiKeyDto {
    return Object.assign(new ApiKeyDto(), {
      id: entity.id,
      prefix: entity.prefix,
      name: entity.name,
      roles: entity.roles,
      tenant_id: entity.tenantId,
      expires_at: entity.expiresAt?.toISOString() ?? null,
      revoked_at: entity.revokedAt?.toISOString() ?? null,
      last_used_at: entity.lastUsedAt?.toISOString() ?? null,
      created_at: entity.createdAt.toISOString(),
      created_by: entity.createdBy,
    });
  }
}

/** The answer to creating a key: the only response that ever carries the secret. */
export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The whole key; shown once, store it now.' }) key!: string;

  static withKey(entity: ApiKeyEntity, key: string): CreatedApiKeyDto {
    return Object.assign(new CreatedApiKeyDto(), ApiKeyDto.from(entity), { key });
  }
}
