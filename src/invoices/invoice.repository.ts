import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { InvoiceEntity, InvoiceMediaType } from './entities/invoice.entity';

export interface NewInvoice {
  tenantId: string;
  contentType: InvoiceMediaType;
  document: Buffer;
  documentSha256: string;
}

/** Database access for invoices; the only place that knows the table. */
@Injectable()
export class InvoiceRepository {
  constructor(@InjectRepository(InvoiceEntity) private readonly invoices: Repository<InvoiceEntity>) {}

  async insert(invoice: NewInvoice): Promise<InvoiceEntity> {
    const entity = this.invoices.create({ ...invoice, status: 'received', sizeBytes: invoice.document.length });
    return this.invoices.save(entity);
  }

  findById(tenantId: string, id: string): Promise<InvoiceEntity | null> {
    return this.invoices.findOne({ where: { tenantId, id } });
  }
}
