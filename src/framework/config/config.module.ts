import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigSet } from './config-set';

/**
 * Makes every validated configuration class injectable by its class, and the whole set as
 * ConfigSet. Configuration is loaded before Nest builds the module graph, so a bad value aborts
 * boot before any module starts.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(configs: ConfigSet): DynamicModule {
    const providers = [
      { provide: ConfigSet, useValue: configs },
      ...configs.entries().map(([configClass, instance]) => ({ provide: configClass, useValue: instance })),
    ];
    return { module: ConfigModule, providers, exports: providers.map((p) => p.provide) };
  }
}
