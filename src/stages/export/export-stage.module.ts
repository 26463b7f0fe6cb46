import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TenantSettings } from '../tenant-settings';
import { FeedController } from './feed.controller';
import { FeedEntryEntity } from './feed-entry.entity';
import { FeedRepository } from './feed.repository';
import { FeedModule } from './feed.stage';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxRepository } from './outbox.repository';
import { OutboxModule } from './outbox.stage';
import { OutboxRelay } from './outbox-relay';
import { WebhookSender } from './webhook-sender';
import { WebhookModule } from './webhook.stage';

@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessageEntity, FeedEntryEntity])],
  controllers: [FeedController],
  providers: [FeedRepository, FeedModule, OutboxRepository, WebhookSender, WebhookModule, OutboxModule, OutboxRelay, TenantSettings],
  exports: [OutboxRelay],
})
export class ExportStageModule {}
