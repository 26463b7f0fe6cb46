import { Module } from '@nestjs/common';
import { ConfigReloadEvents } from './config-reload-events';
import { ConfigReloadService } from './config-reload.service';
import { LogLevelReloader } from './log-level.reloader';

/** Runtime reload of dynamic settings (needs the lifecycle, for the order of Reloadable modules). */
@Module({
  providers: [ConfigReloadEvents, ConfigReloadService, LogLevelReloader],
  exports: [ConfigReloadEvents, ConfigReloadService],
})
export class ConfigReloadModule {}
