import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '../../roles';
import type { ApiKeyEntity } from '../api-key.entity';

/** An API key as listed: everything but the secret, which is never stored. */
export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Public part of the key (isk_<prefix>_…), for recognising it.' }) prefix!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiPropertyOptional({ nullable: true, type: String }) tenantId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) expiresAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() createdBy!: string;

  static from(entity: ApiKeyEntity): ApiKeyDto {
    return Object.assign(new ApiKeyDto(), {
      id: entity.id,
      prefix: entity.prefix,
      name: entity.name,
      roles: entity.roles,
      tenantId: entity.tenantId,
      expiresAt: entity.expiresAt?.toISOString() ?? null,
      revokedAt: entity.revokedAt?.toISOString() ?? null,
      lastUsedAt: entity.lastUsedAt?.toISOString() ?? null,
      createdAt: entity.createdAt.toISOString(),
      createdBy: entity.createdBy,
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
