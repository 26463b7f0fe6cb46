import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app.config';

/**
 * Makes the validated configuration injectable everywhere. The configuration is loaded and
 * validated before Nest builds the module graph, so a bad value aborts boot before any module
 * starts.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }], exports: [AppConfig] };
  }
}
