import { Global, Module } from '@nestjs/common';
import { EngineClient } from './engine-client';

/** The invoice engine on worker threads, for the parse and validate stage modules. */
@Global()
@Module({
  providers: [EngineClient],
  exports: [EngineClient],
})
export class EngineModule {}
