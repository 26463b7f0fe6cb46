import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PipelineModule } from '../pipeline.module';
import { PipelineRunModule } from '../run/pipeline-run.module';
import { RunHistoryRepository } from '../run/run-history.repository';
import { ShadowRunEntity } from './entities/shadow-run.entity';
import { ShadowRunRepository } from './shadow-run.repository';
import { ShadowRunner } from './shadow-runner';
import { ShadowRunsController } from './shadow-runs.controller';
import { ShadowRunsService } from './shadow-runs.service';
import { ShadowSubjects } from './shadow-subjects';

/** Shadow runs: candidate configurations tried on stored invoices without side effects. */
@Module({
  imports: [DiscoveryModule, PipelineModule, PipelineRunModule, TypeOrmModule.forFeature([ShadowRunEntity])],
  controllers: [ShadowRunsController],
  providers: [ShadowRunRepository, RunHistoryRepository, ShadowSubjects, ShadowRunner, ShadowRunsService],
  exports: [ShadowRunsService],
})
export class ShadowModule {}
