import { Injectable } from '@nestjs/common';
import type { InvoiceMediaType } from '../domain/media-type';
import { type ShadowSelection, type ShadowSubject, type ShadowSubjectSource, ShadowSubjectProvider } from '../pipeline/shadow/shadow-subjects';
import { InvoiceRepository } from './invoice.repository';

/** Shadow runs replay a tenant's stored invoices: this reads them (and writes nothing). */
@Injectable()
@ShadowSubjectProvider()
export class InvoiceShadowSubjects implements ShadowSubjectSource {
  constructor(private readonly invoices: InvoiceRepository) {}

  async recent(tenantId: string, selection: ShadowSelection): Promise<ShadowSubject[]> {
    const rows = await this.invoices.recent(tenantId, selection);
    return rows.map((r) => ({ subjectId: r.id, contentType: r.content_type as InvoiceMediaType, receivedAt: new Date(r.received_at) }));
  }

  document(tenantId: string, invoiceId: string): Promise<Buffer | null> {
    return this.invoices.documentIfAny(tenantId, invoiceId);
  }
}
