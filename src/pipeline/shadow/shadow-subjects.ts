import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { InvoiceMediaType } from '../../domain/media-type';

/** A stored record a shadow run may replay (an invoice): what it needs to run it again. */
export interface ShadowSubject {
  subjectId: string;
  contentType: InvoiceMediaType;
  receivedAt: Date;
}

/** Which records: the last N received, or those received in [from, to); at most `limit`, newest first. */
export interface ShadowSelection {
  lastN?: number;
  from?: Date;
  to?: Date;
  limit: number;
}

/**
 * The port through which shadow runs read a tenant's stored records (the invoices), read-only.
 * The pipeline never imports the folder that owns them: its provider carries
 * @ShadowSubjectProvider() and ShadowSubjects finds it at boot (as RunSubjects does).
 */
export interface ShadowSubjectSource {
  recent(tenantId: string, selection: ShadowSelection): Promise<ShadowSubject[]>;
  document(tenantId: string, subjectId: string): Promise<Buffer | null>;
}

export const ShadowSubjectProvider = DiscoveryService.createDecorator<Record<string, never>>();

/** The one ShadowSubjectSource of the application, found at boot. */
@Injectable()
export class ShadowSubjects implements OnModuleInit {
  private found?: ShadowSubjectSource;

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const sources = this.discovery.getProviders({ metadataKey: ShadowSubjectProvider.KEY }).map((wrapper) => wrapper.instance as ShadowSubjectSource);
    if (sources.length > 1) throw new Error(`${sources.length} providers carry @ShadowSubjectProvider(); shadow runs need exactly one source`);
    this.found = sources[0];
  }

  get source(): ShadowSubjectSource {
    if (!this.found) throw new Error('no provider carries @ShadowSubjectProvider(): nothing gives shadow runs their records (import the invoices module)');
    return this.found;
  }
}
