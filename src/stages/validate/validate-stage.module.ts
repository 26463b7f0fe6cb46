import { Module } from '@nestjs/common';
import { TenantSettings } from '../tenant-settings';
import { BasicChecksModule } from './basic-checks.stage';
import { En16931Module } from './en16931.stage';
import { PeppolBis3Module } from './peppol-bis3.stage';
import { XRechnungModule } from './xrechnung.stage';

@Module({ providers: [En16931Module, PeppolBis3Module, XRechnungModule, BasicChecksModule, TenantSettings] })
export class ValidateStageModule {}
