import { Module } from '@nestjs/common';
import { BasicChecksModule } from './basic-checks.stage';
import { En16931Module } from './en16931.stage';

@Module({ providers: [En16931Module, BasicChecksModule] })
export class ValidateStageModule {}
