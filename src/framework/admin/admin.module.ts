import { Module } from '@nestjs/common';
import { ConfigReloadModule } from '../config/reload/config-reload.module';
import { LifecycleStoreModule } from '../lifecycle/lifecycle.module';
import { AdminLifecycle } from './admin.lifecycle';
import { ConfigAdminController } from './config-admin.controller';
import { LifecycleAdminController } from './lifecycle-admin.controller';
import { ServicesAdminController } from './services-admin.controller';

/** Admin endpoints of the framework core: lifecycle, service registry, configuration and reload. */
@Module({
  imports: [ConfigReloadModule, LifecycleStoreModule],
  controllers: [LifecycleAdminController, ServicesAdminController, ConfigAdminController],
  providers: [AdminLifecycle],
})
export class FrameworkAdminModule {}
