import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ForbiddenError, NotFoundError, ValidationError } from '../framework/errors';
import { InvoiceEntity, InvoiceMediaType } from './entities/invoice.entity';
import { InvoiceRepository } from './invoice.repository';

@Injectable()
export class InvoicesService {
  constructor(private readonly invoices: InvoiceRepository) {}

  /**
   * Stores the raw document and its SHA-256 first, so nothing the caller sent is lost whatever
   * happens to its processing later.
   */
  async receive(tenantId: string, contentType: InvoiceMediaType, document: Buffer | undefined): Promise<InvoiceEntity> {
    if (!document || document.length === 0) {
      throw new ValidationError('The request body is empty.', [{ field: 'body', reason: 'must hold the invoice document' }]);
    }
    if (contentType === 'application/json') assertJsonObject(document);
    const documentSha256 = createHash('sha256').update(document).digest('hex');
    try {
      return await this.invoices.insert({ tenantId, contentType, document, documentSha256 });
    } catch (error) {
      // A credential naming a tenant that does not exist: the caller's problem, not a 500.
      if (error instanceof QueryFailedError && (error as QueryFailedError & { constraint?: string }).constraint === 'invoices_tenant_fk') {
        throw new ForbiddenError(`Tenant ${tenantId} does not exist.`, { cause: error });
      }
      throw error;
    }
  }

  async get(tenantId: string, id: string): Promise<InvoiceEntity> {
    const invoice = await this.invoices.findById(tenantId, id);
    if (!invoice) throw new NotFoundError(`Invoice ${id} does not exist.`);
    return invoice;
  }
}

/** Fastify has parsed the JSON already (malformed JSON never gets here); the root must be an object. */
function assertJsonObject(document: Buffer): void {
  const first = document.toString('utf8').trimStart()[0];
  if (first !== '{') {
    throw new ValidationError('A JSON invoice must be a JSON object.', [{ field: 'body', reason: 'must be a JSON object' }]);
  }
}
