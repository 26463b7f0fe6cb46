import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { ConfigModule, ConfigSet } from './framework/config';
import { DatabaseModule } from './framework/database';
import { HealthModule } from './framework/health/health.module';
import { LoggingModule } from './framework/logging';
import { TenancyModule } from './framework/tenancy';
import { InvoicesModule } from './invoices/invoices.module';

export interface AppModuleOptions {
  /** Where log lines go (stdout by default); tests pass a stream to read them. */
  logDestination?: DestinationStream;
}

/** Framework modules first, then the invoice domain. */
@Module({})
export class AppModule {
  static forRoot(configs: ConfigSet, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(configs),
        LoggingModule.forRoot(options.logDestination),
        DatabaseModule,
        TenancyModule,
        HealthModule,
        InvoicesModule,
      ],
    };
  }
}
