import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PipelineModule } from '../pipeline.module';
import { CircuitBreakers } from './circuit-breakers';
import { InvoiceRunEntity } from './entities/invoice-run.entity';
import { PipelineHealth } from './pipeline.health';
import { PipelineMetrics } from './pipeline-metrics';
import { PipelineRunner } from './pipeline-runner';
import { PolicyCache } from './policy-cache';
import { RunLeases } from './run-leases';
import { RunQueue } from './run-queue';
import { RunRepository } from './run.repository';
import { RunSubjects } from './run-subject';
import { RunWaiters } from './run-waiters';
import { RunWorker } from './run-worker';
import { StageInvoker } from './stage-invoker';

/** Invoice runs: the stage invoker with its interceptors, the durable queue, the workers. */
@Module({
  imports: [DiscoveryModule, PipelineModule, TypeOrmModule.forFeature([InvoiceRunEntity])],
  providers: [PolicyCache, CircuitBreakers, PipelineMetrics, StageInvoker, RunRepository, RunSubjects, RunQueue, RunLeases, RunWaiters, PipelineRunner, RunWorker, PipelineHealth],
  exports: [RunQueue, RunLeases, RunWaiters, RunWorker, PipelineRunner, CircuitBreakers, PipelineMetrics, StageInvoker, PolicyCache],
})
export class PipelineRunModule {}
