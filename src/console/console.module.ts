import { Module } from '@nestjs/common';
import { HealthModule } from '../framework/health';
import { InvoicesModule } from '../invoices/invoices.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { PipelineRunModule } from '../pipeline/run/pipeline-run.module';
import { ConsoleController } from './console.controller';
import { ConsoleOverviewService } from './console-overview.service';
import { ConsoleStaticFiles } from './console-static';

/** The operator console: its static bundle under /console and the overview route. */
@Module({
  imports: [HealthModule, InvoicesModule, PipelineModule, PipelineRunModule],
  controllers: [ConsoleController],
  providers: [ConsoleOverviewService, ConsoleStaticFiles],
})
export class ConsoleModule {}
