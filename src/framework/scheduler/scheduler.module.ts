import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from './clock';
import { JobFireEntity } from './job-fire.entity';
import { JobStateEntity } from './job-state.entity';
import { RetentionPurgeJob } from './retention-purge.job';
import { SchedulerController } from './scheduler.controller';
import { SchedulerHealth } from './scheduler.health';
import { SchedulerRepository } from './scheduler.repository';
import { SchedulerService } from './scheduler.service';

/** The scheduler; global so any module can inject SchedulerService and register its jobs. */
@Global()
@Module({
  imports: [ScheduleModule.forRoot(), TypeOrmModule.forFeature([JobStateEntity, JobFireEntity])],
  controllers: [SchedulerController],
  providers: [SchedulerService, SchedulerRepository, SchedulerHealth, RetentionPurgeJob, Clock],
  exports: [SchedulerService],
})
export class SchedulerModule {}
