import { Module } from '@nestjs/common';
import { BasicChecksModule } from './basic-checks.module';
import { En16931Module } from './en16931.module';

@Module({ providers: [En16931Module, BasicChecksModule] })
export class ValidateStageModule {}
