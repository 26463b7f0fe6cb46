import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '../scheduler/clock';
import { DatabaseHealth } from './database.health';
import { HealthController } from './health.controller';
import { HealthRepository } from './health.repository';
import { HealthService } from './health.service';
import { ModuleStatusEntity } from './module-status.entity';
import { StatusHistoryEntity } from './status-history.entity';

/**
 * Probes on terminus. Contributors are discovered (@HealthContributorProvider) across all modules;
 * the database contributor lives here. Terminus logs nothing itself: changes are logged once, here.
 */
@Module({
  imports: [DiscoveryModule, TerminusModule.forRoot({ logger: false }), TypeOrmModule.forFeature([ModuleStatusEntity, StatusHistoryEntity])],
  controllers: [HealthController],
  providers: [HealthService, HealthRepository, DatabaseHealth, Clock],
  exports: [HealthService],
})
export class HealthModule {}
