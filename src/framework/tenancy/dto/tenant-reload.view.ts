import { ApiProperty } from '@nestjs/swagger';
import { TenantView } from './tenant.view';

export class TenantReloadView {
  @ApiProperty({ type: [String], description: 'Settings (by name, e.g. TENANT_WEBHOOK_URL) whose value changed.' }) changed!: string[];
  @ApiProperty({ type: TenantView }) tenant!: TenantView;
}
