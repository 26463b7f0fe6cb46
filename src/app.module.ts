import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AuthModule } from './framework/auth/auth.module';
import { ConsoleModule } from './console/console.module';
import { ConfigModule, ConfigSet } from './framework/config';
import { FrameworkAdminModule } from './framework/admin/admin.module';
import { DatabaseModule } from './framework/database';
import { EventsModule } from './framework/events';
import { HealthModule } from './framework/health/health.module';
import { LifecycleModule, LifecycleShutdownModule } from './framework/lifecycle';
import { LoggingModule } from './framework/logging';
import { MetricsModule } from './framework/metrics';
import { RegistryModule } from './framework/registry';
import { SchedulerModule } from './framework/scheduler';
import { CertificatesModule } from './framework/certificates';
import { TenancyModule } from './framework/tenancy';
import { WorkersModule } from './framework/workers';
import { InvoicesModule } from './invoices/invoices.module';
import { ChangeRequestsModule } from './pipeline/change-requests/change-requests.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { EngineModule } from './stages/engine/engine.module';
import { StagesModule } from './stages/stages.module';

export interface AppModuleOptions {
  /** Where log lines go (stdout by default); tests pass a stream to read them. */
  logDestination?: DestinationStream;
  /** Extra modules, e.g. test stage modules that the catalogue discovers like real ones. */
  imports?: ModuleMetadata['imports'];
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
        LifecycleModule,
        LifecycleShutdownModule,
        RegistryModule,
        DatabaseModule,
        TenancyModule,
        AuthModule,
        MetricsModule,
        EventsModule,
        SchedulerModule,
        WorkersModule,
        HealthModule,
        CertificatesModule,
        FrameworkAdminModule,
        PipelineModule,
        EngineModule,
        StagesModule,
        InvoicesModule,
        ChangeRequestsModule,
        ConsoleModule,
        ...(options.imports ?? []),
      ],
    };
  }
}
