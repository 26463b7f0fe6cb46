import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PipelineModule } from '../pipeline.module';
import { ShadowModule } from '../shadow/shadow.module';
import { ChangeRequestRepository } from './change-request.repository';
import { ChangeRequestsController } from './change-requests.controller';
import { ChangeRequestsService } from './change-requests.service';
import { ChangeRequestReviewEntity } from './entities/change-request-review.entity';
import { ChangeRequestEntity } from './entities/change-request.entity';

/** Change requests (four eyes) and scheduled activation; a request's view shows its configuration's shadow runs. */
@Module({
  imports: [PipelineModule, ShadowModule, TypeOrmModule.forFeature([ChangeRequestEntity, ChangeRequestReviewEntity])],
  controllers: [ChangeRequestsController],
  providers: [ChangeRequestRepository, ChangeRequestsService],
})
export class ChangeRequestsModule {}
